/**
 * What one cell goes through on a rank, below replication and above JShell: its {@code %line}
 * and {@code %%cell} magics run through the magics pipeline, the Java between them through
 * {@link legate.kernel.jshell.JShellInterpreter}. It is its own package because it joins two
 * layers, the magics module and the kernel's JShell, and belongs to neither: {@code jshell}
 * knows nothing of magics, and the magics module knows no JShell.
 */
package legate.kernel.cell;
