import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = join(REPO_ROOT, 'packages/server/bin/parta.js');
const SPA_INDEX = join(REPO_ROOT, 'packages/web/dist/index.html');

export interface RunningServer {
  /** `http://127.0.0.1:<port>` — no trailing slash. */
  baseUrl: string;
  /** What the server printed so far (last ~200 lines), for failure messages. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its data directory. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Starts the real server — `node packages/server/bin/parta.js serve` — on a free
 * port with a fresh SQLite database and the demo data, and resolves once
 * `GET /readyz` answers 200. Rejects early, with the server's output, if the
 * process exits or is not ready within the timeout (90 s).
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!existsSync(BIN)) throw new Error(`The server entry point is missing: ${BIN}`);
  if (!existsSync(SPA_INDEX)) {
    throw new Error(`The SPA is not built (${SPA_INDEX} is missing): run \`npm run build\` first.`);
  }

  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'parta-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };

  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PARTA_DATABASE_URL: `sqlite:${join(dataDir, 'parta.db')}`,
      PARTA_DEMO: '1',
      PARTA_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const output = () => lines.join('\n');

  const stop = async () => {
    await terminate(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child, options.readyTimeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- server output ---\n${output()}`, { cause: error });
  }
  return { baseUrl, output, stop };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `the server exited early (code ${code ?? '-'}, signal ${signal ?? '-'})`;
  });
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `GET /readyz answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s (${lastProblem})`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A port the OS just handed out; free again by the time the server binds it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
