// Reads a V8 CPU profile (.cpuprofile) into the functions that took the time: self time and inclusive time,
// keyed by function name and script (file name and line), for the notes that explain a missed target.

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface FunctionTime { name: string; ms: number }

function key(f: CallFrame): string {
  const file = f.url ? f.url.replace(/^file:\/\//, '').split('/').slice(-2).join('/') : '';
  return file ? `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}` : f.functionName || '(native)';
}

/** `windowMs`: only the last `windowMs` of the profile (e.g. the span that was timed, when the profiler stopped right after it). */
export function summarizeProfile(profile: CpuProfile, top = 10, windowMs?: number): { totalMs: number; busyMs: number; self: FunctionTime[]; inclusive: FunctionTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfByNode = new Map<number, number>();
  let total = 0;
  const from = windowMs === undefined ? -Infinity : profile.endTime - windowMs * 1000;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < from) return;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfByNode) {
    const seen = new Set<string>();
    let cur: number | undefined = id;
    let first = true;
    while (cur !== undefined) {
      const node = byId.get(cur);
      if (!node) break;
      const k = key(node.callFrame);
      if (first) {
        self.set(k, (self.get(k) ?? 0) + us);
        first = false;
      }
      if (!seen.has(k)) {
        inclusive.set(k, (inclusive.get(k) ?? 0) + us);
        seen.add(k);
      }
      cur = parent.get(cur);
    }
  }
  const sorted = (m: Map<string, number>): FunctionTime[] =>
    [...m].filter(([k]) => !['(root)', '(idle)', '(program)'].includes(k.split(' ')[0]))
      .sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000 }));
  const idle = self.get('(idle)') ?? 0;
  return { totalMs: total / 1000, busyMs: (total - idle) / 1000, self: sorted(self), inclusive: sorted(inclusive) };
}

export function describeTimes(list: FunctionTime[]): string {
  return list.map((f) => `${f.name} ${f.ms.toFixed(1)} ms`).join('; ');
}
