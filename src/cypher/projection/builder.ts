// Assembles one Cypher statement from fixed fragments: every value becomes a generated parameter
// ($p0, $p1, …) and every variable a generated name, so nested projections never collide. Labels and
// relationship types reach the text only through `label()`/`types()`, which accept ontology names only.
import { cypher, type CypherQuery, type Params } from '../../db/executor.ts';
import type { Ontology } from '../../ontology/ontology.ts';

const SAFE_NAME = /^[A-Za-z][A-Za-z_]*$/;

export class CypherBuilder {
  private readonly values: Params = {};
  private counter = 0;

  constructor(readonly ontology: Ontology) {}

  /** A parameter holding `value`; returns its reference (`$p3`). */
  param(value: unknown): string {
    const name = `p${this.counter++}`;
    this.values[name] = value;
    return `$${name}`;
  }

  /** A fresh variable name starting with `prefix`. */
  variable(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** An entity kind label, checked against the ontology. */
  label(kind: string): string {
    if (!this.ontology.entityKinds.includes(kind) || !SAFE_NAME.test(kind)) throw new Error(`'${kind}' is not an entity kind of the ontology`);
    return kind;
  }

  /** Relationship types joined for a pattern (`ISSUED|PARTY_TO`), each checked against the ontology. */
  types(types: readonly string[]): string {
    for (const type of types) {
      if (!this.ontology.relationshipTypes.has(type) || !SAFE_NAME.test(type)) throw new Error(`'${type}' is not a relationship type of the ontology`);
    }
    return types.join('|');
  }

  get params(): Params {
    return this.values;
  }

  /** The finished statement; `name` identifies it in logs and round-trip counts. */
  build(name: string, text: string): { query: CypherQuery; params: Params } {
    return { query: cypher(name, text), params: this.values };
  }
}
