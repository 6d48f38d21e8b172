package legate.magics;

import java.util.Collection;

/** A class {@code %load_ext} can load to add several magics at once. */
public interface MagicProvider {
    Collection<Magic> magics();
}
