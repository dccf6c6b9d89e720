// `npm run tenant [-- --port N --generated N --seed N --big-source-config BYTES --latency MS --no-rate-limit --layouts connectors-v1,v2024]`:
// runs the local ISC tenant until Ctrl+C.
// The client id/secret printed are this local test tenant's own made-up credentials.

import { startMockTenant } from './server';
import { ServedLayouts, type MockTenantOptions } from './server';

function parseArgs(argv: string[]): MockTenantOptions {
  const opts: MockTenantOptions = {};
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0) {
      throw new Error(`${flag} needs a non-negative number`);
    }
    return n;
  };
  let generated: number | undefined;
  let seed: number | undefined;
  let big: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port': opts.port = number(arg, argv[++i]); break;
      case '--generated': generated = number(arg, argv[++i]); break;
      case '--seed': seed = number(arg, argv[++i]); break;
      case '--big-source-config': big = number(arg, argv[++i]); break;
      case '--latency': opts.latencyMs = number(arg, argv[++i]); break;
      case '--token-ttl': opts.tokenTtlSeconds = number(arg, argv[++i]); break;
      case '--no-rate-limit': opts.rateLimit = false; break;
      case '--empty': opts.seed = 'empty'; break;
      case '--layouts': {
        const list = argv[++i];
        if (list === undefined) throw new Error('--layouts needs a comma-separated list, e.g. connectors-v1,v2024');
        opts.layouts = ServedLayouts.parse(list);
        break;
      }
      case '--help':
        console.log('Usage: npm run tenant -- [--port N] [--generated N] [--seed N] [--big-source-config BYTES] [--latency MS] [--token-ttl S] [--no-rate-limit] [--empty] [--layouts connectors-v1,v2026,v2025,v2024,v3,beta]');
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg} (try --help)`);
    }
  }
  if (generated !== undefined) {
    opts.seed = big === undefined ? { generated, seed: seed ?? 1 } : { generated, seed: seed ?? 1, bigSourceConfigBytes: big };
  }
  return opts;
}

async function main(): Promise<void> {
  const tenant = await startMockTenant(parseArgs(process.argv.slice(2)));
  const released = tenant.store.list().filter((c) => c.status === 'RELEASED').length;
  console.log(`Local ISC tenant listening on ${tenant.url}`);
  console.log(`  connectors: ${tenant.store.size} (${released} RELEASED)`);
  console.log(`  API layouts:   ${tenant.layouts.list().join(', ')}`);
  console.log(`  client id:     ${tenant.clientId}`);
  console.log(`  client secret: ${tenant.clientSecret}`);
  console.log('');
  console.log(`SAIL_BASE_URL=${tenant.url} SAIL_CLIENT_ID=${tenant.clientId} SAIL_CLIENT_SECRET=${tenant.clientSecret}`);
  console.log('');
  console.log('Press Ctrl+C to stop.');
  const stop = (): void => {
    tenant.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
