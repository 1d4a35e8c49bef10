// Sample files imported as text (src/msw/*-samples.ts): tsup inlines them with esbuild's `text` loader
// and the root vitest.config.ts serves them the same way. Their values are exported as plain `string`s,
// so the testkit's built .d.ts never names these modules and users need no such declaration.
declare module '*.xml' {
  const text: string;
  export default text;
}

declare module '*.txt' {
  const text: string;
  export default text;
}
