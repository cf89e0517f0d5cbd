// The ingestion assistant: one article in, ranked and cited relationship proposals out, offline and
// deterministic for a given graph and text. Stages (each kept in the result as its trace): sentences →
// mentions → candidate entities → dates → pronouns, described measures, implied speeches → proposals → syndication and corroboration.
import type { Ontology } from '../ontology/ontology.ts';
import { parsePartialDate, type PartialDate } from '../ontology/partial-date.ts';
import { candidateMentions, findCandidateEntities, type CandidateEntity } from './candidate-entities.ts';
import type { CueLexicon } from './cue-lexicons.ts';
import { findDates, type DateMention } from './dates.ts';
import { describedPolicies, impliedSpeeches, PolicyIndex, resolvePronouns } from './descriptors.ts';
import { independentCount, type KnownGraph, type KnownSource } from './known-graph.ts';
import { MentionFinder, type Mention } from './mentions.ts';
import { claimKey, GraphIndex, proposeRelationships, type ProposalMode } from './propose.ts';
import type { Proposal } from './proposal.ts';
import { splitSentences, type Sentence } from './sentences.ts';
import { detectSyndication, type SyndicationMatch } from './syndication.ts';

export interface ArticleInput {
  text: string;
  /** The id the article has (or will have) in sources.yaml. */
  sourceId: string;
  /** Publication date; else the graph's record of `sourceId`; else a leading "date YYYY-MM-DD" line. */
  published?: PartialDate;
}

export interface IngestResult {
  sourceId: string;
  published?: PartialDate;
  sentences: Sentence[];
  mentions: Mention[];
  candidates: CandidateEntity[];
  dates: DateMention[];
  syndication?: SyndicationMatch;
  proposals: Proposal[];
}

/** Everything built once per graph (the automaton, the indexes) and reused for every article. */
export class IngestAssistant {
  readonly finder: MentionFinder;
  readonly index: GraphIndex;
  private readonly policies: PolicyIndex;
  private readonly sources: Map<string, KnownSource>;

  constructor(
    readonly graph: KnownGraph,
    readonly ontology: Ontology,
    readonly lexicons: ReadonlyMap<string, CueLexicon>,
  ) {
    this.finder = new MentionFinder(graph);
    this.index = new GraphIndex(graph, ontology);
    this.policies = new PolicyIndex(graph);
    this.sources = new Map(graph.sources.map((s) => [s.id, s]));
  }

  ingest(article: ArticleInput, mode: ProposalMode = 'full'): IngestResult {
    const { text, sourceId } = article;
    const published = article.published ?? this.sources.get(sourceId)?.published ?? datedHeader(text);
    const sentences = splitSentences(text);
    const named = this.finder.find(text);
    const candidates = findCandidateEntities(text, sentences, named);
    const dates = findDates(text, { sourceId, date: published });
    const byOrder = (a: Mention, b: Mention) => a.start - b.start || a.end - b.end;
    const people = [...named, ...resolvePronouns(text, sentences, named, this.index.entities)].sort(byOrder);
    const described = describedPolicies(text, sentences, people, dates, this.policies, published);
    const implied = impliedSpeeches(text, sentences, people, dates, this.policies, this.index, published);
    // The full assistant may also pair candidate new entities (a separate column in the evaluation).
    const fresh = mode === 'full' ? candidateMentions(text, candidates) : [];
    const mentions = [...people, ...described, ...implied, ...fresh].sort(byOrder);
    const proposals = proposeRelationships({ ontology: this.ontology, lexicons: this.lexicons, graph: this.graph, mode, sourceId }, this.index, text, sentences, mentions, dates);
    const known = this.sources.get(sourceId);
    const syndication = known ? undefined : detectSyndication(sentences, this.graph, sourceId);
    this.corroborate(proposals, sourceId, known?.story ?? syndication?.story ?? sourceId, syndication);
    const names = new Map(fresh.map((m) => [m.readings[0]!.entityId, { name: m.surface, kind: m.readings[0]!.kind }]));
    for (const p of proposals) {
      const found = [p.from, p.to].filter((id) => names.has(id)).map((id) => ({ id, ...names.get(id)! }));
      if (found.length > 0) p.newEntities = found;
    }
    return { sourceId, published, sentences, mentions, candidates, dates, syndication, proposals };
  }

  /**
   * A proposal the graph already holds becomes "add a citation"; its independent count rises only
   * when the article is a new story (a syndicated copy of a story already cited leaves it as it is).
   */
  private corroborate(proposals: Proposal[], sourceId: string, story: string, syndication?: SyndicationMatch): void {
    const sources = new Map(this.sources);
    if (!sources.has(sourceId)) sources.set(sourceId, { id: sourceId, story, counted: true });
    for (const proposal of proposals) {
      const claim = this.index.claims.get(claimKey(proposal.type, proposal.from, proposal.to, this.ontology));
      if (!claim) continue;
      proposal.action = 'add-citation';
      proposal.independentSourcesAfter = independentCount([...claim.citations.map((c) => c.sourceId), sourceId], sources);
      const before = independentCount(claim.citations.map((c) => c.sourceId), sources);
      if (syndication && proposal.independentSourcesAfter === before) {
        proposal.rules = [...proposal.rules, `syndicated-copy:${syndication.sourceId}`].sort();
      }
    }
  }
}

/** A first line "date 2023-07-07" (as wire exports write it). */
function datedHeader(text: string): PartialDate | undefined {
  const m = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s*$/im.exec(text.split('\n').slice(0, 3).join('\n'));
  if (!m) return undefined;
  const parsed = parsePartialDate({ on: m[1] });
  return typeof parsed === 'string' ? undefined : parsed;
}
