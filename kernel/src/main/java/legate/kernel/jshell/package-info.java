/**
 * Java cells on JShell, in this JVM: the session's start-up and lock ({@code JShellSession}),
 * running cells ({@code CellEvaluator}), completion, inspection and is_complete
 * ({@code CodeAssistance}), behind {@link legate.kernel.jshell.JShellInterpreter}; and what
 * cells need around them: captured standard streams ({@link legate.kernel.jshell.Stdio}), the
 * System.exit guard, the compiler warm-up. Nothing here knows about magics or other ranks.
 */
package legate.kernel.jshell;
