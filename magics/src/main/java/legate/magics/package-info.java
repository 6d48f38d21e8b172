/**
 * Magics: the SPI ({@code %name} line magics and {@code %%name} cell magics), their parser and
 * registry, and the built-in magics. Knows the runtime configuration, never a ZeroMQ socket.
 */
package legate.magics;
