// fromCypher converts driver values in place (bulk exports convert millions of them): the result
// must still hold only plain JavaScript values, however deeply the driver's types are nested.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { fromCypher } from '../../src/db/values.ts';

describe('fromCypher', () => {
  it('turns Integers, temporals and missing values into plain values inside lists and maps', () => {
    const row = {
      id: 'a.TARGETS.b',
      row: ['TARGETS', neo4j.int(3), null, 'x'],
      props: [new neo4j.types.Date(2022, 10, 7), neo4j.int(0)],
      citations: [[neo4j.int(1), 's', { paragraph: neo4j.int(4), note: undefined }]],
    };
    expect(fromCypher(row)).toEqual({
      id: 'a.TARGETS.b',
      row: ['TARGETS', 3, null, 'x'],
      props: ['2022-10-07', 0],
      citations: [[1, 's', { paragraph: 4, note: null }]],
    });
  });

  it('gives nodes as their properties with labels', () => {
    const node = new neo4j.types.Node(neo4j.int(1), ['Entity', 'Actor'], { id: 'china', founded: neo4j.int(1949) }, 'e1');
    expect(fromCypher({ n: node })).toEqual({ n: { id: 'china', founded: 1949, labels: ['Entity', 'Actor'] } });
  });
});
