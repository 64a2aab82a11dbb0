import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server (Mailpit's SMTP port, a Message Center) that can be frozen: while
 * frozen, bytes in either direction are held instead of forwarded, so a client stays mid-call
 * (an SMTP command without its reply) for as long as the test wants. When either side of a
 * connection closes, the other side is destroyed and the held bytes are dropped, as a dead
 * client's half-sent transaction would be.
 */
export interface TcpRelay {
  /** `host:port` to give the client. */
  address: string;
  /** Hold all bytes from now on. */
  freeze(): void;
  /** Forward what is held (on connections still open) and everything after. */
  release(): void;
  /** Connections that have bytes held right now and are still open. */
  holding(): number;
  /** Connections that ever had bytes held while frozen and are now closed. */
  closedWhileHolding(): number;
  /** Closes every open connection (a network outage as the client sees it). */
  cut(): void;
  /** While true, new connections are closed as soon as they arrive. */
  refuse(on: boolean): void;
  /** Connections accepted and passed on so far. */
  accepted(): number;
  stop(): Promise<void>;
}

interface Pipe {
  client: Socket;
  upstream: Socket;
  held: { to: Socket; chunk: Buffer }[];
  everHeld: boolean;
  closed: boolean;
}

export async function startTcpRelay(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpRelay> {
  let frozen = false;
  let refusing = false;
  let accepted = 0;
  const pipes = new Set<Pipe>();
  const closedHolding = { count: 0 };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = createConnection({ port: targetPort, host: targetHost });
    const pipe: Pipe = { client, upstream, held: [], everHeld: false, closed: false };
    pipes.add(pipe);
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (frozen) {
        pipe.held.push({ to, chunk });
        pipe.everHeld = true;
      } else if (!pipe.closed) to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const close = () => {
      if (pipe.closed) return;
      pipe.closed = true;
      pipes.delete(pipe);
      // Held bytes die with the connection: nothing half-sent reaches the server later.
      pipe.held = [];
      if (pipe.everHeld) closedHolding.count++;
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('close', close);
      s.on('end', close);
      s.on('error', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    address: `127.0.0.1:${port}`,
    freeze: () => {
      frozen = true;
    },
    release: () => {
      frozen = false;
      for (const pipe of pipes) {
        const held = pipe.held;
        pipe.held = [];
        if (!pipe.closed) for (const { to, chunk } of held) to.write(chunk);
      }
    },
    holding: () => [...pipes].filter((p) => !p.closed && p.held.length > 0).length,
    closedWhileHolding: () => closedHolding.count,
    cut: () => {
      for (const pipe of pipes) {
        pipe.client.destroy();
        pipe.upstream.destroy();
      }
    },
    refuse: (on) => {
      refusing = on;
    },
    accepted: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const pipe of pipes) {
          pipe.client.destroy();
          pipe.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
