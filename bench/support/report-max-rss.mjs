// Preloaded into a child process (`node --import <this file> ...`): prints the
// process's peak resident set size when it exits, for benchmarks to read.
process.on('exit', () => process.stderr.write(`\nmax_rss_kb=${process.resourceUsage().maxRSS}\n`));
