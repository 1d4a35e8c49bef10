import fc from 'fast-check';

// Property tests explore new inputs every day but replay the same ones all day long: the seed is
// the UTC date unless FC_SEED is set, so a failure is reproducible (fast-check prints the seed and
// path) and a re-run of CI on the same day checks the same cases.
const today = new Date().toISOString().slice(0, 10);
const seed = process.env.FC_SEED === undefined ? Number(today.replaceAll('-', '')) : Number(process.env.FC_SEED);
fc.configureGlobal({ seed });
