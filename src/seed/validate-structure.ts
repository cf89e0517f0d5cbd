// Checks across records that no single record shows: an entity that no relationship names (unless the
// data records why), and a name or alias that two entities share. Part of seed validation (validate-seed.ts).
import { nameKey } from '../text/fold.ts';
import type { RawRecord } from './read-seed.ts';
import type { SeedNode, SeedProblem } from './validate-seed.ts';

/** The entity property that records why no relationship names an entity. */
export const UNLINKED_REASON = 'unlinkedReason';

export function structureProblems(entities: SeedNode[], relationships: RawRecord[]): SeedProblem[] {
  return [...orphanProblems(entities, relationships), ...sharedNameProblems(entities)];
}

/**
 * Every entity needs a cited relationship, or `unlinkedReason` saying why the sources state none; a
 * reason on a linked entity is stale. Relationship records count whether or not they are otherwise valid,
 * so one bad record does not also orphan its endpoints. While any relationship names an unknown id the
 * check waits: that id is most likely a misspelling of the entity that would be reported.
 */
function orphanProblems(entities: SeedNode[], relationships: RawRecord[]): SeedProblem[] {
  const ids = new Set(entities.map((e) => e.id));
  const links = new Map<string, number>();
  for (const record of relationships) {
    for (const side of ['from', 'to'] as const) {
      const id = String(record.data[side] ?? '');
      if (!ids.has(id)) return [];
      links.set(id, (links.get(id) ?? 0) + 1);
    }
  }
  const problems: SeedProblem[] = [];
  for (const entity of entities) {
    const count = links.get(entity.id) ?? 0;
    const reason = entity.properties[UNLINKED_REASON];
    if (count === 0 && reason === undefined) {
      problems.push({
        file: entity.file,
        line: entity.line,
        id: entity.id,
        problem:
          `no relationship names this ${entity.kind}: every entity needs at least one cited relationship, ` +
          `or '${UNLINKED_REASON}' saying why the sources state none`,
      });
    } else if (count > 0 && reason !== undefined) {
      problems.push({
        file: entity.file,
        line: entity.line,
        id: entity.id,
        problem: `has '${UNLINKED_REASON}', but ${count} relationship(s) name it: remove the reason`,
      });
    }
  }
  return problems;
}

/** A name or alias (compared folded, as look-ups compare them) must identify one entity. */
function sharedNameProblems(entities: SeedNode[]): SeedProblem[] {
  const owners = new Map<string, { entity: SeedNode; field: string; written: string }>();
  const problems: SeedProblem[] = [];
  for (const entity of entities) {
    const aliases = Array.isArray(entity.properties.aliases) ? entity.properties.aliases : [];
    const names = [
      { field: 'name', written: String(entity.properties.name ?? '') },
      ...aliases.map((written) => ({ field: 'alias', written })),
    ].filter((n) => n.written !== '');
    const seen = new Set<string>();
    for (const { field, written } of names) {
      const key = nameKey(written);
      if (seen.has(key)) continue;
      seen.add(key);
      const owner = owners.get(key);
      if (!owner) {
        owners.set(key, { entity, field, written });
        continue;
      }
      problems.push({
        file: entity.file,
        line: entity.line,
        id: entity.id,
        problem:
          `${field} '${written}' is also the ${owner.field} '${owner.written}' of '${owner.entity.id}' ` +
          `(${owner.entity.file}:${owner.entity.line}); a name or alias must identify one entity: keep it on one, ` +
          `or merge the two records if they are the same thing`,
      });
    }
  }
  return problems;
}
