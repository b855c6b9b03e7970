// The struct classes as the package exports them: the generated classes, with
// the static `from(...)` that addressFrom.ts merges into the address structs.
import './addressFrom.js';

export * from '../generated/structs.js';
