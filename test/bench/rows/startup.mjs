// Start-up: `pyvw --version` loads no heavy module (commander aside), so it should cost little more than Node itself.
export default [
  {
    id: 'startup',
    title: 'pyvw --version',
    goal: { ratio: 1.3 },
    runs: 21,
    prepare: async () => ({}),
    pyvw: () => ({ pyvw: ['--version'] }),
    peer: { label: 'node -e 0', command: process.execPath, run: () => ({ args: ['-e', '0'] }) },
  },
];
