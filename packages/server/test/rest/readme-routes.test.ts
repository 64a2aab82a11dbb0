import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH, readmeWithTable, restRouteTable } from '../support/rest-table.js';
import { REST_ROUTES } from '../../src/transport/rest/routes.js';

describe('README REST table', () => {
  it('lists every REST operation the server serves, as generated from the route table', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    // When this fails: `npm run docs:rest` rewrites the section from src/transport/rest/routes.ts.
    expect(readmeWithTable(readme)).toBe(readme);
    for (const r of REST_ROUTES) expect(readme).toContain(`\`${r.method} ${r.path}\``);
  });

  it('escapes a pipe in a summary so a row keeps its four cells', () => {
    const table = restRouteTable();
    for (const line of table.split('\n')) {
      expect(line.replaceAll('\\|', '').split('|').length - 2).toBe(4);
    }
  });
});
