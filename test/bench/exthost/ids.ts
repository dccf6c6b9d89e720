// Ids shared by the bench process and the suite inside the extension host (no imports: both sides load it).
/** publisher.name of test/bench/emptyExtension. */
export const EMPTY_EXTENSION_ID = 'isc-connector-studio-bench.isc-bench-empty';
