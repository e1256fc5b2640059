import { UNAVAILABLE, type EvidenceSection } from './person-evidence.js';

/**
 * A cautious guess at a text's size in tokens: about 3 characters a token (tokenisers average nearer 4 on English),
 * so evidence cut to a budget by this estimate fits the model's context.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

export interface FittedEvidence {
  text: string;
  tokens: number;
  /** What was left out to fit, for the user and the model; null when everything fitted. */
  cut: string | null;
}

/** Room kept for the "N more ... left out" lines and the note. */
const NOTE_RESERVE = 60;

/**
 * The evidence as text within `budgetTokens`: while it is too long, the last line of the longest section goes (so
 * the most frequent folders, places and companions stay). Every cut section says how many lines it lost.
 */
export function fitEvidence(sections: readonly EvidenceSection[], budgetTokens: number): FittedEvidence {
  const kept = sections.map((section) => [...section.lines]);
  const costs = kept.map((lines) => lines.map((line) => estimateTokens(`- ${line}\n`)));
  let total =
    estimateTokens(`${UNAVAILABLE}\n`) +
    sections.reduce((sum, section, i) => sum + estimateTokens(`${section.heading}:\n`) + costs[i]!.reduce((a, b) => a + b, 0), 0);
  const limit = Math.max(0, budgetTokens - NOTE_RESERVE);
  while (total > limit) {
    const longest = kept.reduce((best, lines, i) => (lines.length > kept[best]!.length ? i : best), 0);
    if (kept[longest]!.length === 0) break;
    kept[longest]!.pop();
    total -= costs[longest]!.pop()!;
  }
  const cuts = sections.flatMap((section, i) => {
    const left = section.lines.length - kept[i]!.length;
    return left === 0 ? [] : [`${left} of ${section.lines.length} ${section.noun}`];
  });
  const body = sections.map((section, i) => {
    const lines = kept[i]!.length === 0 && section.lines.length === 0 ? ['- none'] : kept[i]!.map((line) => `- ${line}`);
    const left = section.lines.length - kept[i]!.length;
    if (left > 0) lines.push(`- (${left} more left out to fit)`);
    return `${section.heading}:\n${lines.join('\n')}`;
  });
  const cut = cuts.length === 0 ? null : `Cut to fit the model's context: ${cuts.join(', ')} left out.`;
  const text = [...body, UNAVAILABLE, ...(cut === null ? [] : [cut])].join('\n\n');
  return { text, tokens: estimateTokens(text), cut };
}
