// The control socket of an embedded server. PGlite allows one process per data folder, so a `tera`
// command reaches a store that a running server holds by asking that server, over a Unix socket in the
// data folder (owner-only permissions), with newline-delimited JSON.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';

export type ControlMessage = { progress: [number, number | null] } | { done: Record<string, unknown> } | { error: string };

export type ControlHandler = (command: string, args: string[], send: (message: ControlMessage) => void) => Promise<Record<string, unknown>>;

export const controlSocketPath = (dataDir: string) => path.resolve(dataDir, 'tera.sock');

export async function startControlSocket(socketPath: string, handler: ControlHandler, logger: Logger): Promise<() => Promise<void>> {
  if (existsSync(socketPath)) {
    if (await answers(socketPath)) throw new Error(`Another server holds ${path.dirname(socketPath)}`);
    rmSync(socketPath);
  }
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      const line = buffer.slice(0, newline);
      buffer = '';
      const send = (message: ControlMessage) => void socket.write(`${JSON.stringify(message)}\n`);
      let request: { command?: unknown; args?: unknown };
      try {
        request = JSON.parse(line) as typeof request;
      } catch {
        send({ error: 'bad request' });
        socket.end();
        return;
      }
      const args = Array.isArray(request.args) ? request.args.map(String) : [];
      handler(String(request.command), args, send).then(
        (done) => {
          send({ done });
          socket.end();
        },
        (error: unknown) => {
          logger.error({ err: error }, 'control command failed');
          send({ error: (error as Error).message });
          socket.end();
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  chmodSync(socketPath, 0o600);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Sends a command to the server holding the socket; undefined when no server listens there. */
export async function sendControlCommand(socketPath: string, command: string, args: string[], onMessage: (message: ControlMessage) => void): Promise<boolean> {
  if (!existsSync(socketPath) || !(await answers(socketPath))) return false;
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(socketPath, () => socket.write(`${JSON.stringify({ command, args })}\n`));
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        onMessage(JSON.parse(buffer.slice(0, newline)) as ControlMessage);
        buffer = buffer.slice(newline + 1);
      }
    });
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
  return true;
}
