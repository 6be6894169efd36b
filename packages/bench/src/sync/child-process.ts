import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const nodeArgs = ['--max-old-space-size=4096'];

/** Runs a Node script to completion and returns its last stdout line parsed as JSON, and the wall time. */
export const runNodeJson = <T>(
  script: string,
  args: readonly string[],
  execArgv: readonly string[] = nodeArgs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ result: T; wallMs: number }> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${err.slice(-2000)}`));
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve({ result: JSON.parse(last) as T, wallMs });
      } catch {
        reject(new Error(`${script} printed no JSON: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });

/** Starts a long-running Node script and resolves with its first stdout line once printed. */
export const startNode = (
  script: string,
  args: readonly string[],
  execArgv: readonly string[] = nodeArgs,
): Promise<{ child: ChildProcess; firstLine: string; startMs: number }> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve({ child, firstLine: out.slice(0, newline), startMs: performance.now() - started });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`${script} exited ${code} before it was ready: ${err.slice(-2000)}`)));
  });

export const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('close');
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
