// The core's layering rule (eslint.config.js): vmm, cost and trace build on the machine and the
// CPU, never the reverse. Lints real snippets placed (virtually) in each lower layer with the
// project's own config, so the rule cannot silently stop firing.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('core layering lint', () => {
  it.each([
    ['src/core/cpu/x.ts', "import type { IoForm } from '../vmm/index';\nexport type T = IoForm;\n"],
    ['src/core/cpu/x.ts', "import type { ExitRecord } from '../trace/exit-record';\nexport type T = ExitRecord;\n"],
    ['src/core/machine/x.ts', "import type { ExitRecord } from '../trace/exit-record';\nexport type T = ExitRecord;\n"],
    ['src/core/machine/x.ts', "import { HC } from '../workloads/abi';\nexport const N = HC.NOP;\n"],
    ['src/core/machine/x.ts', "import type { CpuProfile } from '../cost/types';\nexport type T = CpuProfile;\n"],
    ['src/core/devices/x.ts', "import type { ExitRecord } from '../trace/exit-record';\nexport type T = ExitRecord;\n"],
  ])('%s may not import upwards: %s', async (file, code) => {
    expect(await restricted(file, code)).toHaveLength(1);
  });

  it.each([
    ['src/core/machine/x.ts', "import { HC } from '../hypercall-abi';\nexport const N = HC.NOP;\n"],
    ['src/core/vmm/x.ts', "import { IO_FORMS } from '../cpu/io-form-table';\nexport const N = IO_FORMS.length;\n"],
    ['src/core/trace/x.ts', "import type { DeviceLocation } from '../machine/device';\nexport type T = DeviceLocation;\n"],
  ])('%s may import downwards: %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
