// An s3rver process for tests: `node --openssl-legacy-provider s3-server-main.mjs <dir> [bucket...]`.
// It prints {"port":N} once listening and exits when its stdin closes (the test ended).
// The legacy provider is needed because s3rver encrypts list continuation tokens with DES,
// which OpenSSL 3 only offers there; without it every paginated listing fails.
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
