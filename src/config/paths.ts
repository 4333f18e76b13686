/** Folders that ship inside the package, found relative to this module (same depth in src/ and dist/). */
import { fileURLToPath } from 'node:url';

/** The example DAGs loaded when `UPDRAFT_LOAD_EXAMPLES=true` (Airflow's `load_examples`). */
export const EXAMPLE_DAGS_FOLDER = fileURLToPath(new URL('../../examples/dags', import.meta.url));
