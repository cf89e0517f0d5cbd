// Independent readers for checking the bulk exports: a CSV parser and the GraphQL table's ids, paged.
import type { GraphQLResponse, TestServer } from './server.ts';

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF) as objects by header name. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!])));
}

/** Every id of the GraphQL `relationships` table for these filter arguments (e.g. `, types: ["TARGETS"]`), paged. */
export async function relationshipIdsByGraphql(server: Pick<TestServer, 'gql'>, args = ''): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    type Page = { relationships: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const res: GraphQLResponse<Page> = await server.gql<Page>(
      `query($after: String) { relationships(first: 500, after: $after${args}) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    if (res.errors) throw new Error(`relationships page failed: ${JSON.stringify(res.errors)}`);
    ids.push(...res.data!.relationships.nodes.map((n) => n.id));
    if (!res.data!.relationships.pageInfo.hasNextPage) return ids;
    after = res.data!.relationships.pageInfo.endCursor;
  }
}
