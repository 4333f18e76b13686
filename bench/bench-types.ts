/** What a `bench/*.bench.ts` module exports: `benchmarks`, run in order by bench/run.ts. */
export type Figures = Readonly<Record<string, number | string | boolean | null | Readonly<Record<string, number>>>>;

export interface Benchmark {
  /** Printed as `bench`, e.g. `parse_1000_dag_files`. */
  readonly name: string;
  /** Returns its figures: `seconds` first by convention, peers' as `peer`, `peer_seconds`. */
  run(): Promise<Figures>;
}
