/**
 * The runtime's element types. Stores, partitions, tasks and backends speak of these; the
 * user API's dtypes ({@code legate.numpy.DType}) map onto them, never the other way round.
 */
package legate.runtime.types;
