// Fallback when GNU time is missing: writes GNU time's `%e %U %S %M` figures for this process at exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  const line = [process.uptime(), u.userCPUTime / 1e6, u.systemCPUTime / 1e6, u.maxRSS].join(' ');
  writeFileSync(process.env.BENCH_USAGE_FILE, `${line}\n`);
});
