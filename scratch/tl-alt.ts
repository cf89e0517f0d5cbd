import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
const port = readFileSync('/tmp/lead-m-port', 'utf8').trim();
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', ''));
const s = driver.session({ defaultAccessMode: neo4j.session.READ });
const ids = (await s.run(readFileSync('/tmp/tl-ids.cypher', 'utf8'))).records[0]!.get('ids');
console.log('ids', ids.length);
const variants: Record<string, string> = {
  multiSeek: `
CALL () {
  MATCH (c:Claim) USING INDEX c:Claim(fromId, relKey) WHERE c.fromId IN $ids AND c.relKey > $after RETURN c.relKey AS key, c AS claim, null AS policyId
  UNION
  MATCH (c:Claim) USING INDEX c:Claim(toId, relKey) WHERE c.toId IN $ids AND c.relKey > $after RETURN c.relKey AS key, c AS claim, null AS policyId
  UNION
  MATCH (c:Claim) USING INDEX c:Claim(fromId, toPolicyKey) WHERE c.fromId IN $ids AND c.toPolicyKey > $after RETURN c.toPolicyKey AS key, null AS claim, c.toId AS policyId
  UNION
  MATCH (c:Claim) USING INDEX c:Claim(toId, fromPolicyKey) WHERE c.toId IN $ids AND c.fromPolicyKey > $after RETURN c.fromPolicyKey AS key, null AS claim, c.fromId AS policyId
}
WITH DISTINCT key, claim, policyId ORDER BY key LIMIT 51 RETURN count(*)`,
  globalWalk: `
CALL () {
  MATCH (c:Claim) USING INDEX c:Claim(relKey) WHERE c.relKey > $after AND (c.fromId IN $ids OR c.toId IN $ids)
  WITH c ORDER BY c.relKey LIMIT 51 RETURN c.relKey AS key, c AS claim, null AS policyId
  UNION
  MATCH (p:Policy) USING INDEX p:Policy(eventKey) WHERE p.eventKey > $after AND (p.id IN $ids OR EXISTS { (p)--(x:Entity) WHERE x.id IN $ids })
  WITH p ORDER BY p.eventKey LIMIT 51 RETURN p.eventKey AS key, null AS claim, p.id AS policyId
}
WITH DISTINCT key, claim, policyId ORDER BY key LIMIT 51 RETURN count(*)`,
};
for (let round = 0; round < 3; round++) for (const [name, text] of Object.entries(variants)) {
  const t = performance.now();
  const r = await s.run(text, { ids, after: '' });
  console.log(name, (performance.now() - t).toFixed(1), 'ms', r.records[0]!.get(0).toString());
}
await s.close(); await driver.close();
