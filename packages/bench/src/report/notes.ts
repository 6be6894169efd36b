/** What the figures mean, what was missed and why: written after profiling, kept beside the generator. */
export const analysis = `## Analysis

(to be completed after the full run)
`;
