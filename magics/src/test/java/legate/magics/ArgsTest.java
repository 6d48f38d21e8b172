package legate.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void wordsSplitAtBlanksAndQuotesGroup() throws MagicException {
        assertEquals(List.of("a", "b c", "d'e"), Args.split(" a \"b c\"  \"d'e\""));
    }

    @Test
    void anyTextBecomesAJavaLiteralOfItself() {
        assertEquals("\"say \\\"hi\\\" C:\\\\x\"", Args.javaLiteral("say \"hi\" C:\\x"));
        assertEquals("\"two\\nlines\\r\\tand \\u0001 é\"", Args.javaLiteral("two\nlines\r\tand \u0001 é"));
        assertEquals("\"\"", Args.javaLiteral(""));
    }
}
