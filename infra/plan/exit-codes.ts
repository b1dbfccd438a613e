/** Exit codes of `npm run plan` (and `synth`). */
export const EXIT = { clean: 0, blocked: 1, invalid: 2 } as const;
