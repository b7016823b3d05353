// Makes the calls of a call plan through a generated opsplan client and writes what came back, untouched, for the
// test to validate against the schema: the status, the Content-Type and the raw body of every response.
import { writeFileSync } from 'node:fs';

import { type Client, createClient, createConfig } from './client/client';

// The credentials of a caller: the headers and cookies it sends.
export interface Principal {
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

export interface Outcome {
  operationId: string;
  status: number | null;
  contentType: string | null;
  body: string | null;
  // What the client made of the response: `data` on a 2xx, `error` otherwise.
  parsed: 'data' | 'error' | 'none';
  failure: string | null;
}

interface Exchange {
  status: number;
  contentType: string | null;
  body: string;
}

interface Result {
  data?: unknown;
  error?: unknown;
  response?: Response;
}

const baseUrl = process.env.OPSPLAN_BASE_URL ?? '';
const principals: Record<string, Principal> = JSON.parse(process.env.OPSPLAN_PRINCIPALS ?? '{}');
const outcomes: Outcome[] = [];

// One client per call, as an application with several users would hold one per user. A header the schema names
// as a security scheme (the API key in `Authorization`) goes through the client's `auth`, as an application would
// give it; the cookies go in one Cookie header. The client's fetch keeps a copy of the raw response so that what the
// schema is checked against is what the server sent, not what the client made of it.
function clientFor(principal: string, exchanges: Exchange[]): Client {
  const who = principals[principal];
  if (who === undefined) {
    throw new Error(`unknown principal ${principal}`);
  }
  const { Authorization: apiKey, ...headers } = who.headers;
  const cookies = Object.entries(who.cookies).map(([name, value]) => `${name}=${value}`);
  if (cookies.length > 0) {
    headers['Cookie'] = cookies.join('; ');
  }
  return createClient(
    createConfig({
      baseUrl,
      headers: { 'Accept-Language': 'en', ...headers },
      auth: (scheme) => (scheme.in === 'header' || scheme.in === undefined ? apiKey : undefined),
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const response = await fetch(input, init);
        exchanges.push({
          status: response.status,
          contentType: response.headers.get('Content-Type'),
          body: await response.clone().text(),
        });
        return response;
      },
    }),
  );
}

export async function call(
  operationId: string,
  principal: string,
  send: (client: Client) => Promise<Result>,
): Promise<void> {
  const exchanges: Exchange[] = [];
  try {
    const result = await send(clientFor(principal, exchanges));
    const exchange = exchanges[0];
    if (exchanges.length !== 1 || exchange === undefined) {
      throw new Error(`the client made ${exchanges.length} requests`);
    }
    const ok = exchange.status >= 200 && exchange.status < 300;
    const parsed = result.error !== undefined ? 'error' : result.data !== undefined || ok ? 'data' : 'none';
    outcomes.push({ operationId, ...exchange, parsed, failure: null });
  } catch (exc) {
    const exchange = exchanges[0];
    outcomes.push({
      operationId,
      status: exchange?.status ?? null,
      contentType: exchange?.contentType ?? null,
      body: exchange?.body ?? null,
      parsed: 'none',
      failure: exc instanceof Error ? `${exc.name}: ${exc.message}` : String(exc),
    });
  }
}

export function finish(path: string): void {
  writeFileSync(path, JSON.stringify(outcomes, null, 1));
}
