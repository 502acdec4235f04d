// @vitest-environment node
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("feature boundaries (eslint)", { timeout: 60_000 }, () => {
  it("a feature may not import another feature, by alias or relative path", async () => {
    expect(await problems("src/features/chat/components/X.tsx", 'import { KnowledgePage } from "@/features/knowledge";\nexport const x = KnowledgePage;\n')).toHaveLength(1);
    expect(await problems("src/features/knowledge/hooks/X.ts", 'import { ChatPage } from "../../chat";\nexport const x = ChatPage;\n')).toHaveLength(1);
  });

  it("a feature may import itself, lib and components; shared code no feature", async () => {
    expect(await problems("src/features/chat/components/X.tsx", 'import { useAsk } from "../hooks/useAsk";\nimport { useCan } from "@/lib/auth";\nexport const x = [useAsk, useCan];\n')).toEqual([]);
    expect(await problems("src/lib/X.ts", 'import { ChatPage } from "@/features/chat";\nexport const x = ChatPage;\n')).toHaveLength(1);
  });
});
