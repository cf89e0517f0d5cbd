// Runs the ingestion assistant (src/ingest/) on a registered source's held text against the current
// graph, and puts what it proposes in the review queue through the same path a person's proposal takes
// (Curation.proposeRelationship / proposeCitation: one write path, the same checks), marked as the
// assistant's: origin ASSISTANT with its version, score and rule ids. Reviewers accept, edit or reject
// them in the queue like any other proposal.
import { GraphQLError } from 'graphql';
import { currentGraphVersion, pendingProposalsFor, sourceExists } from '../cypher/curation.ts';
import { readSourceTexts } from '../cypher/source-texts.ts';
import type { Executor } from '../db/executor.ts';
import { loadCueLexicons, type CueLexicon } from '../ingest/cue-lexicons.ts';
import { IngestAssistant } from '../ingest/ingest-article.ts';
import { claimKey } from '../ingest/propose.ts';
import { ASSISTANT_VERSION, type Proposal as AssistantProposal } from '../ingest/proposal.ts';
import { readKnownGraph } from '../ingest/read-known-graph.ts';
import type { Ontology } from '../ontology/ontology.ts';
import type { Principal } from '../auth/roles.ts';
import type { Curation, Proposal, RelationshipInput } from './curation.ts';
import { fieldError, notFoundItem } from '../errors/curation-errors.ts';
import { BOUNDS, checkLine } from './input-bounds.ts';
import { relationshipId } from './relationship-record.ts';

/** How a queued proposal came to be; stored in its payload, so the queue and its history show it. */
export interface AssistantOrigin {
  origin: 'assistant';
  version: string;
  score: number;
  rules: string[];
  /** The assistant's own action: a new claim, or a citation for a relationship the graph holds. */
  action: AssistantProposal['action'];
}

export interface SkippedProposal {
  type: string;
  from: string;
  to: string;
  quote: string | null;
  score: number;
  reason: string;
}

export interface AssistantRun {
  sourceId: string;
  assistantVersion: string;
  graphVersion: string | null;
  /** What the assistant proposed in all (queued + skipped + beyond `max`). */
  considered: number;
  proposals: Proposal[];
  skipped: SkippedProposal[];
  /** Proper-noun spans matching no known entity: candidate new entities, listed, never queued. */
  candidates: string[];
}

/** At most this many proposals queued per run (each costs a few statements): `max` may lower it. */
export const MAX_QUEUED = 100;

export class ProposeFromSource {
  /** The assistant built for one graph version (its automaton is the costly part), reused until the version moves. */
  private built: { version: string; assistant: IngestAssistant } | null = null;
  private lexicons: ReadonlyMap<string, CueLexicon> | null = null;

  constructor(
    private readonly executor: Executor,
    private readonly ontology: Ontology,
    private readonly curation: Curation,
  ) {}

  private async assistant(graphVersion: string | null): Promise<IngestAssistant> {
    if (graphVersion && this.built?.version === graphVersion) return this.built.assistant;
    this.lexicons ??= loadCueLexicons(this.ontology);
    const assistant = new IngestAssistant(await readKnownGraph(this.executor, this.ontology), this.ontology, this.lexicons);
    if (graphVersion) this.built = { version: graphVersion, assistant };
    return assistant;
  }

  async run(principal: Principal, sourceIdArg: string, maxArg?: number | null): Promise<AssistantRun> {
    const sourceId = checkLine('sourceId', sourceIdArg, BOUNDS.id)!;
    const max = maxArg ?? 50;
    if (!Number.isInteger(max) || max < 1 || max > MAX_QUEUED) throw fieldError('max', max, 'is out of range', `a whole number from 1 to ${MAX_QUEUED}`);
    const [held] = await this.executor.read(readSourceTexts, { ids: [sourceId] });
    if (!held) {
      const [known] = await this.executor.read(sourceExists, { id: sourceId });
      throw known?.taken === true
        ? fieldError('sourceId', sourceId, 'has no held text to read', 'a source registered with its text (registerSource) or loaded with SOURCES_DIR')
        : notFoundItem('source', sourceId);
    }
    const [state] = await this.executor.read(currentGraphVersion);
    const graphVersion = (state?.graphVersion as string | null | undefined) ?? null;
    const assistant = await this.assistant(graphVersion);
    const result = assistant.ingest({ text: String(held.text), sourceId });
    const ranked = [...result.proposals].sort((a, b) => b.score - a.score);
    const skipped: SkippedProposal[] = [];
    const queued: Proposal[] = [];

    // What is already pending for these relationships (an earlier run, or a person): never queued twice.
    const targets = ranked.map((p) => this.targetId(assistant, p));
    const pending = new Set<string>();
    for (const row of await this.executor.read(pendingProposalsFor, { ids: [...new Set(targets)] })) {
      for (const payload of row.payloads as string[]) for (const quote of quotesOf(payload, sourceId)) pending.add(`${row.targetId}\u0000${quote}`);
    }

    for (const [i, proposal] of ranked.entries()) {
      const citation = proposal.citations[0]!;
      const skip = (reason: string) => skipped.push({ type: proposal.type, from: proposal.from, to: proposal.to, quote: citation.quote, score: proposal.score, reason });
      if (queued.length >= max) {
        skip(`beyond max (${max}): the ${max} best-scored proposals were queued`);
        continue;
      }
      if (proposal.newEntities) {
        skip(`names a candidate new entity (${proposal.newEntities.map((n) => `"${n.name}", proposed kind ${n.kind}`).join('; ')}): record the entity first, then run again`);
        continue;
      }
      const target = targets[i]!;
      // A citation proposal carries one quote (the best); a relationship proposal all of them.
      const quoted = proposal.action === 'add-citation' ? [citation] : proposal.citations;
      if (quoted.every((c) => pending.has(`${target}\u0000${c.quote}`))) {
        skip(`a proposal for ${target} with this quote is pending already`);
        continue;
      }
      const origin: AssistantOrigin = { origin: 'assistant', version: proposal.assistantVersion, score: proposal.score, rules: proposal.rules, action: proposal.action };
      try {
        queued.push(
          proposal.action === 'add-citation'
            ? await this.curation.proposeCitation(principal, target, citationInput(citation), origin)
            : await this.curation.proposeRelationship(principal, this.relationshipInput(proposal), origin),
        );
        for (const c of quoted) pending.add(`${target}\u0000${c.quote}`);
      } catch (error) {
        // Refused by the same checks a person's proposal meets (a bad request, never an internal fault): listed with why.
        if (!(error instanceof GraphQLError) || error.extensions.code === 'INTERNAL_SERVER_ERROR') throw error;
        skip(error.message);
      }
    }
    return {
      sourceId,
      assistantVersion: ASSISTANT_VERSION,
      graphVersion,
      considered: ranked.length,
      proposals: queued,
      skipped,
      candidates: [...new Set(result.candidates.map((c) => c.text))],
    };
  }

  /** The relationship a proposal concerns: the one the graph holds (with its key), else a new one's id. */
  private targetId(assistant: IngestAssistant, p: AssistantProposal): string {
    return assistant.index.claims.get(claimKey(p.type, p.from, p.to, this.ontology))?.id ?? relationshipId(p.from, p.type, p.to);
  }

  private relationshipInput(p: AssistantProposal): RelationshipInput {
    const dated = p.citations.find((c) => c.date && !c.date.unknown)?.date;
    const takesDate = this.ontology.relationshipTypes.get(p.type)?.properties.date?.type === 'partialDate';
    return {
      type: p.type,
      from: p.from,
      to: p.to,
      modality: p.modality,
      date: dated && takesDate ? { ...dated } : null,
      citations: p.citations.map(citationInput),
    };
  }
}

/** The quotes of `sourceId` a stored proposal payload cites ({raw: {citations}} or {citation}). */
function quotesOf(payload: string, sourceId: string): string[] {
  const parsed = JSON.parse(payload) as { raw?: { citations?: Array<{ source: string; quote: string }> }; citation?: { source: string; quote: string } };
  const citations = [...(parsed.raw?.citations ?? []), ...(parsed.citation ? [parsed.citation] : [])];
  return citations.filter((c) => c.source === sourceId).map((c) => c.quote);
}

function citationInput(c: AssistantProposal['citations'][number]) {
  return { sourceId: c.sourceId, quote: c.quote, mentionsFrom: c.mentions.from, mentionsTo: c.mentions.to };
}
