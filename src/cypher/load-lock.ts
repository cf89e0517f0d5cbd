// One load at a time (issue 19 row 6): the lock lives on the graph's bookkeeping node (:GraphState, whose
// id is unique), so every process that loads into this database sees it, whatever machine it runs on.
// It names its owner and carries a heartbeat in the database's own clock; a lock whose heartbeat is
// older than $staleMs belongs to a dead loader and is taken over. Used by src/seed/load-lock.ts.
import { cypher } from '../db/executor.ts';

/**
 * Takes the lock when it is free, already ours, stale, or held by $deadOwner (a loader on this host whose
 * process is gone). The first SET takes the node's write lock before anything is read, so two loaders
 * asking at once are serialised: the second sees the first one's owner. Returns whether it was taken,
 * and who held it before.
 */
export const acquireLoadLock = cypher(
  'loadLock.acquire',
  `
MERGE (g:GraphState {id: 'graph'})
SET g.loadLockProbe = $owner
WITH g, g.loadOwner AS owner, g.loadOwnerInfo AS ownerInfo, g.loadHeartbeatAt AS heartbeatAt, g.loadLockedAt AS lockedAt, timestamp() AS now
WITH g, owner, ownerInfo, heartbeatAt, lockedAt, now,
     owner IS NULL OR owner = $owner OR owner = $deadOwner OR heartbeatAt < now - $staleMs AS free
SET g.loadOwner = CASE WHEN free THEN $owner ELSE owner END,
    g.loadOwnerInfo = CASE WHEN free THEN $info ELSE ownerInfo END,
    g.loadHeartbeatAt = CASE WHEN free THEN now ELSE heartbeatAt END,
    g.loadLockedAt = CASE WHEN free THEN now ELSE lockedAt END
REMOVE g.loadLockProbe
RETURN free AS acquired, owner AS previousOwner, ownerInfo AS previousInfo, heartbeatAt AS previousHeartbeatAt,
       lockedAt AS previousLockedAt, now
`,
);

/** Proves the owner lives; no row when the lock is no longer ours (taken over after we stalled). */
export const heartbeatLoadLock = cypher(
  'loadLock.heartbeat',
  `
MATCH (g:GraphState {id: 'graph'})
WHERE g.loadOwner = $owner
SET g.loadHeartbeatAt = timestamp()
RETURN true AS held
`,
);

/** Releases the lock if it is still ours. */
export const releaseLoadLock = cypher(
  'loadLock.release',
  `
MATCH (g:GraphState {id: 'graph'})
WHERE g.loadOwner = $owner
REMOVE g.loadOwner, g.loadOwnerInfo, g.loadHeartbeatAt, g.loadLockedAt
RETURN true AS released
`,
);
