// The CSV files of a bulk load: typed headers, quoting, one file per row shape (a column never mixes
// types), empty lists kept aside, and values the format cannot carry refused by name.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cypherDate } from '../../src/db/values.ts';
import { ARRAY_DELIMITER, ImportFiles, ImportValueError } from '../../src/seed/bulk/import-files.ts';

const dirs: string[] = [];
const files = () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-import-files-'));
  dirs.push(dir);
  return new ImportFiles(dir);
};
const read = (path: string) => readFileSync(path, 'utf8');

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('import files', () => {
  it('writes typed headers and quotes what needs quoting', () => {
    const out = files();
    out.node('Entity', ['Entity', 'Actor'], {
      id: 'asml',
      name: 'ASML, "the" lithography maker',
      aliases: ['ASML Holding', 'ASML NV'],
      founded: cypherDate('1984-04-01'),
      share: 0.5,
      count: 3,
      listed: true,
      note: '',
      padded: ' x ',
    });
    const set = out.close();
    expect(set.nodes).toHaveLength(1);
    expect(read(set.nodes[0]!)).toBe(
      'id:ID(Entity),:LABEL,name:string,aliases:string[],founded:date,share:double,count:long,listed:boolean,note:string,padded:string\n' +
        `asml,Entity${ARRAY_DELIMITER}Actor,"ASML, ""the"" lithography maker",ASML Holding${ARRAY_DELIMITER}ASML NV,1984-04-01,0.5,3,true,""," x "\n`,
    );
    expect(set.multiline).toBe(false);
    expect(set.rows).toEqual({ nodes: 1, relationships: 0 });
  });

  it('puts rows whose property types differ into different files, and reports line breaks', () => {
    const out = files();
    const from = { group: 'Entity' as const, id: 'a' };
    const to = { group: 'Entity' as const, id: 'b' };
    out.relationship('edge', from, to, 'DEPENDS_ON', { id: 'r1', share: 1 });
    out.relationship('edge', from, to, 'DEPENDS_ON', { id: 'r2', share: 0.25 });
    out.relationship('edge', from, to, 'DEPENDS_ON', { id: 'r3', share: 2, note: 'two\nlines' });
    out.relationship('edge', from, to, 'DEPENDS_ON', { id: 'r4', share: 7 });
    const set = out.close();
    expect(set.relationships.map(read)).toEqual([
      ':START_ID(Entity),:END_ID(Entity),:TYPE,id:string,share:long\na,b,DEPENDS_ON,r1,1\na,b,DEPENDS_ON,r4,7\n',
      ':START_ID(Entity),:END_ID(Entity),:TYPE,id:string,share:double\na,b,DEPENDS_ON,r2,0.25\n',
      ':START_ID(Entity),:END_ID(Entity),:TYPE,id:string,share:long,note:string\na,b,DEPENDS_ON,r3,2,"two\nlines"\n',
    ]);
    expect(set.multiline).toBe(true);
  });

  it('keeps empty lists of nodes aside, to be set once the database is open', () => {
    const out = files();
    out.node('Entity', ['Entity', 'Actor'], { id: 'x', name: 'X', aliases: [] });
    const set = out.close();
    expect(read(set.nodes[0]!)).toBe(`id:ID(Entity),:LABEL,name:string\nx,Entity${ARRAY_DELIMITER}Actor,X\n`);
    expect(set.emptyLists).toEqual([{ group: 'Entity', id: 'x', props: { aliases: [] } }]);
  });

  it('refuses what the format cannot carry, naming the value', () => {
    const out = files();
    expect(() => out.node('Entity', ['Entity'], { id: 'x', aliases: [`a${ARRAY_DELIMITER}b`] })).toThrow(ImportValueError);
    expect(() => out.node('Entity', ['Entity'], { id: 'x', 'bad key': 'v' })).toThrow("property name 'bad key' cannot be a column");
    expect(() =>
      out.relationship('edge', { group: 'Entity', id: 'a' }, { group: 'Entity', id: 'b' }, 'DEPENDS_ON', { id: 'r', tags: [] }),
    ).toThrow("property 'tags' of a relationship is an empty list");
    out.close();
  });
});
