// The npm package as its users get it, for e2e/package.test.ts: packed into a tarball, installed into a fresh
// project made of the examples (examples/hono-app, express-app, react-vite), and their scripts run.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify, stripVTControlCharacters } from 'node:util';

const run = promisify(execFile);
const repository = resolve(import.meta.dirname, '..');
export const examples = ['hono-app', 'express-app', 'react-vite'] as const;
export type Example = (typeof examples)[number];

const temporaryFolder = (name: string) => mkdtempSync(join(tmpdir(), `${name}-`));

/**
 * `npm pack` of the package, built as `prepare` builds it (scripts/build-package.mjs) but into a folder of its own:
 * other tests rebuild the repository's dist/ meanwhile. Resolves with the tarball and the files it holds.
 */
export async function packPackage(): Promise<{ tarball: string; files: string[] }> {
  const stage = temporaryFolder('package');
  for (const file of ['package.json', 'README.md', 'LICENSE']) cpSync(join(repository, file), join(stage, file));
  await run(process.execPath, [join(repository, 'scripts/build-package.mjs'), join(stage, 'dist')], {
    cwd: repository,
    maxBuffer: 16 * 1024 * 1024,
  });
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', stage], {
    cwd: stage,
  });
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(stage, packed.filename), files: packed.files.map((file) => file.path) };
}

/**
 * A fresh project whose package.json asks for what the examples' package.json files ask for, `ms-signin` being the
 * tarball, with each example's files in a folder of its own (they resolve packages from the project's
 * node_modules). Installed from npm's cache when it can be (`--prefer-offline`).
 */
export async function installProject(tarball: string): Promise<string> {
  const project = temporaryFolder('fresh-project');
  const dependencies: Record<string, string> = {};
  const devDependencies: Record<string, string> = {};
  for (const example of examples) {
    const manifest = JSON.parse(readFileSync(join(repository, 'examples', example, 'package.json'), 'utf8'));
    Object.assign(dependencies, manifest.dependencies);
    Object.assign(devDependencies, manifest.devDependencies);
    cpSync(join(repository, 'examples', example), join(project, example), {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
    });
  }
  dependencies['ms-signin'] = `file:${tarball}`;
  const manifest = { name: 'fresh-project', private: true, type: 'module', dependencies, devDependencies };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  // Install scripts off: better-sqlite3 would compile its addon (about 90 s here). The repository's own build of
  // the same version is copied in instead; another version is compiled as npm would.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  });
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  const version = (root: string) =>
    JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  if (existsSync(join(repository, addon)) && version(repository) === version(project)) {
    mkdirSync(join(project, addon, '..'), { recursive: true });
    cpSync(join(repository, addon), join(project, addon));
  } else {
    await run('npm', ['rebuild', 'better-sqlite3'], { cwd: project });
  }
  return project;
}

/**
 * Starts `node_modules/.bin/tsx file` in `folder` of the project, for a program that prints nothing when it is
 * ready (the README's snippets): resolves once `url` answers. Stopped with its process group.
 */
export async function startProgram(
  project: string,
  folder: string,
  file: string,
  url: string,
): Promise<RunningExample> {
  const child = spawn(join(project, 'node_modules/.bin/tsx'), [file], {
    cwd: join(project, folder),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  for (const stream of [child.stdout!, child.stderr!])
    stream.setEncoding('utf8').on('data', (text) => (output += text));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  for (let waited = 0; ; waited += 100) {
    const up = await fetch(url).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || waited > 60_000) {
      await stop();
      throw new Error(`${folder}/${file} did not answer at ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { output: () => output, stop };
}

/** Runs `command` in `folder` to its end; rejects with what it printed when it fails. */
export async function runIn(folder: string, command: string, args: string[]): Promise<void> {
  await run(command, args, { cwd: folder, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { message: string; stdout?: string; stderr?: string }) => {
      throw new Error(`${error.message}${error.stdout ?? ''}${error.stderr ?? ''}`);
    },
  );
}

/** Runs an npm script of an example to its end; rejects with its output when it fails. */
export const runScript = (project: string, example: Example, script: string) =>
  runIn(join(project, example), 'npm', ['run', '--silent', script]);

export interface RunningExample {
  output(): string;
  stop(): Promise<void>;
}

/** How long an example's server may take to say it is ready, compiling included. */
const readyWithin = 60_000;

/**
 * Starts an npm script of an example (a server) with `env`, and resolves once its output matches `ready`. Its
 * whole process group is stopped by `stop()`: npm, the shell and the server under them.
 */
export async function startScript(
  project: string,
  example: Example,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<RunningExample> {
  const child: ChildProcess = spawn('npm', ['run', '--silent', script], {
    cwd: join(project, example),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const started = new Promise<void>((done, fail) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        // Colours off: with CI set, Vite colours its output even into a pipe ("Local" inside escape codes).
        const text = stripVTControlCharacters(line);
        output += `${text}\n`;
        if (ready.test(text)) done();
      });
    }
    void exited.then(() => fail(new Error(`npm run ${script} in ${example} ended before it was ready:\n${output}`)));
    const notReady = () =>
      fail(new Error(`npm run ${script} in ${example} not ready in ${readyWithin} ms:\n${output}`));
    setTimeout(notReady, readyWithin).unref();
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  try {
    await started;
  } catch (error) {
    await stop();
    throw error;
  }
  return { output: () => output, stop };
}
