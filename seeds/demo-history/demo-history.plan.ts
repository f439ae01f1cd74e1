/**
 * The demo history's plan: a deterministic year (2023) of cases for the seeded zone, each a list of
 * timed steps. Planned in full before anything runs, so that the number of cases finally resolved
 * (办结, business time) in January–October 2023 is exactly the article's 2410.
 */
import { Channel, Satisfaction, SupervisionLevel, Urgency } from '@zhuqi/cases';

export const TARGET_RESOLVED_JAN_OCT = 2410;
/** 2023-11-01 00:00 Asia/Shanghai: the end of the counted period. */
export const JAN_OCT_END = Date.parse('2023-10-31T16:00:00Z');
const YEAR_START = Date.parse('2022-12-31T16:00:00Z');
const YEAR_END = Date.parse('2023-12-31T16:00:00Z');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: a small seeded PRNG, so that every run plans the same history. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoEnterprise {
  id: string;
  gridCode: string;
}

export type Step =
  | { at: number; kind: 'submit' }
  | { at: number; kind: 'dispatch'; departmentCode: string }
  | { at: number; kind: 'return'; reason: string }
  | { at: number; kind: 'rule'; departmentCode: string }
  | { at: number; kind: 'acknowledge' }
  | { at: number; kind: 'request-extension'; workingDays: number }
  | { at: number; kind: 'approve-extension' }
  | { at: number; kind: 'supervise'; level: SupervisionLevel }
  | { at: number; kind: 'resolve' }
  | { at: number; kind: 'sign-off' }
  | { at: number; kind: 'follow-up'; satisfaction: Satisfaction; solved: boolean }
  | { at: number; kind: 'reject' }
  | { at: number; kind: 'withdraw' }
  | { at: number; kind: 'merge'; into: number };

export interface PlannedCase {
  index: number;
  enterprise: DemoEnterprise;
  categoryCode: string;
  departmentCode: string;
  channel: Channel;
  urgency: Urgency;
  title: string;
  description: string;
  steps: Step[];
  /** Time of the last 办结 when the case ends resolved or closed; null otherwise. */
  finalResolvedAt: number | null;
}

/** Categories with their weight (法律, 安全生产, 子女入学 prominent, as in the articles) and lead department. */
const CATEGORIES: Array<[code: string, weight: number, department: string, titles: string[]]> = [
  ['legal', 18, 'legal_services', ['合同纠纷法律咨询', '知识产权维权咨询', '劳动合同条款审查', '债务追收法律援助']],
  ['work_safety', 16, 'safety', ['车间安全隐患整改指导', '危化品仓储安全检查', '特种设备年检协调', '安全生产标准化辅导']],
  ['schooling', 14, 'education', ['员工子女入学咨询', '外来务工子女就近入学', '子女转学手续办理', '幼儿园学位协调']],
  ['subsidies', 9, 'economic_development', ['稳岗补贴申报', '留工培训补助申请', '营收奖励兑现', '技改补助政策咨询']],
  ['wage_dispute', 6, 'labour', ['员工欠薪调解', '劳资纠纷协调', '社保缴纳争议']],
  ['land_premises', 6, 'planning_construction', ['厂房扩建审批', '低效用地改造', '一厂多租厂房整治']],
  ['fire_safety', 6, 'enforcement', ['消防验收协调', '消防通道占用整改', '消防设施改造']],
  ['hiring_talent', 6, 'three_services', ['招工难对接', '人才公寓申请', '技能人才引进']],
  ['financing', 5, 'economic_development', ['银行贷款对接', '应急转贷资金申请', '融资担保咨询']],
  ['statistics_reporting', 3, 'statistics_agent', ['统计报表填报指导', '统计数据更正']],
  ['infrastructure', 6, 'planning_construction', ['厂区道路破损', '停车位不足', '供水压力不足', '用电增容']],
  ['environment', 3, 'environment', ['环评手续咨询', '废水排放整改']],
  ['other', 2, 'three_services', ['其他企业诉求']],
];
const CHANNELS: Array<[Channel, number]> = [
  ['grid_visit', 40], ['online', 25], ['hotline', 15], ['onsite_office', 10], ['top50_session', 4], ['liaison', 6],
];
const URGENCIES: Array<[Urgency, number]> = [['normal', 80], ['urgent', 16], ['emergency', 4]];
/** Where a mis-routed case goes on re-dispatch. */
const OTHER_DEPARTMENT: Record<string, string> = {
  legal_services: 'labour', safety: 'enforcement', education: 'three_services', economic_development: 'investment',
  labour: 'legal_services', planning_construction: 'enforcement', enforcement: 'safety', three_services: 'investment',
  statistics_agent: 'economic_development', environment: 'enforcement',
};

function pick<T>(random: () => number, weighted: Array<[T, number]>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min));

/** Plans the year: about 3,500 cases, exactly TARGET_RESOLVED_JAN_OCT finally resolved in January–October. */
export function planDemoHistory(enterprises: DemoEnterprise[], seed = 20231031): PlannedCase[] {
  if (enterprises.length === 0) throw new Error('demo history: no enterprises (seed the reference data first)');
  const random = prng(seed);
  const cases: PlannedCase[] = [];
  // ~10 intakes a day, business hours 08:30–17:30 Shanghai (00:30–09:30 UTC).
  for (let day = YEAR_START; day < YEAR_END; day += DAY) {
    const weekend = [0, 6].includes(new Date(day + 8 * HOUR).getUTCDay());
    const count = weekend ? between(random, 0, 4) : between(random, 9, 16);
    const times = Array.from({ length: count }, () => day + 8.5 * HOUR + Math.floor(random() * 9 * HOUR)).sort((a, b) => a - b);
    for (const t of times) cases.push(planCase(random, cases, t, enterprises));
  }
  return settle(cases, random);
}

function planCase(random: () => number, earlier: PlannedCase[], t0: number, enterprises: DemoEnterprise[]): PlannedCase {
  const index = earlier.length;
  const [categoryCode, , departmentCode, titles] = pick(random, CATEGORIES.map((c) => [c, c[1]] as [typeof c, number]));
  const enterprise = enterprises[Math.floor(random() * enterprises.length)];
  const channel = pick(random, CHANNELS);
  const urgency = pick(random, URGENCIES);
  const title = titles[Math.floor(random() * titles.length)];
  const base = { index, enterprise, categoryCode, departmentCode, channel, urgency, title, description: `企业反映：${title}，请尽快协调处理。` };
  const steps: Step[] = [{ at: t0, kind: 'submit' }];
  const r = random();
  if (r < 0.025) return { ...base, steps: [...steps, { at: t0 + 40 * MINUTE, kind: 'reject' }], finalResolvedAt: null };
  if (r < 0.04 && index > 64) {
    // 重复件合并 into an earlier case (of an earlier window, already written) that is still a live case.
    let into = index - 64 + Math.floor(random() * 16);
    while (into > 0 && ['reject', 'withdraw', 'merge'].includes(earlier[into].steps[earlier[into].steps.length - 1].kind)) into -= 1;
    return { ...base, steps: [...steps, { at: t0 + 20 * MINUTE, kind: 'merge', into }], finalResolvedAt: null };
  }
  let t = t0 + between(random, 5, 60) * MINUTE;
  steps.push({ at: t, kind: 'dispatch', departmentCode });
  if (random() < 0.05) {
    // 退回 a mis-routed case; the dispatcher re-dispatches it to the right office.
    t += between(random, 1, 3) * MINUTE;
    steps.push({ at: t, kind: 'return', reason: '非本部门职责，请重新派发' });
    t += between(random, 10, 60) * MINUTE;
    steps.push({ at: t, kind: 'rule', departmentCode: OTHER_DEPARTMENT[departmentCode] ?? 'three_services' });
  }
  if (r < 0.055) return { ...base, steps: [...steps, { at: t + 2 * HOUR, kind: 'withdraw' }], finalResolvedAt: null };
  let finalResolvedAt = 0;
  for (let round = 0; ; round += 1) {
    // 3分钟快响: most within 3 minutes, some late.
    t += random() < 0.9 ? between(random, 15, 170) * 1000 : between(random, 4, 45) * MINUTE;
    steps.push({ at: t, kind: 'acknowledge' });
    const supervised = random() < 0.04;
    if (supervised) steps.push({ at: t + 2 * HOUR, kind: 'supervise', level: pick(random, [[1, 6], [2, 3], [3, 1]] as Array<[SupervisionLevel, number]>) });
    const late = random() < 0.07;
    const extended = !late && urgency === 'normal' && random() < 0.06;
    if (extended) {
      steps.push({ at: t + 3 * HOUR, kind: 'request-extension', workingDays: between(random, 3, 8) });
      steps.push({ at: t + 5 * HOUR, kind: 'approve-extension' });
    }
    const span = late
      ? between(random, 20, 35) * DAY
      : urgency === 'emergency'
        ? between(random, 1, 6) * HOUR
        : urgency === 'urgent'
          ? between(random, 2, 20) * HOUR
          : extended
            ? between(random, 4, 8) * DAY
            : between(random, 6, 70) * HOUR;
    t += Math.max(span, 6 * HOUR);
    steps.push({ at: t, kind: 'resolve' });
    finalResolvedAt = t;
    if (supervised) steps.push({ at: t + HOUR, kind: 'sign-off' });
    if (random() < 0.25) break; // no follow-up call yet
    t += between(random, 3, 6) * DAY;
    const s = random();
    const satisfaction: Satisfaction = round > 0 || s < 0.7 ? 'satisfied' : s < 0.93 ? 'basically_satisfied' : 'unsatisfied';
    const solved = satisfaction !== 'unsatisfied';
    steps.push({ at: t, kind: 'follow-up', satisfaction, solved });
    if (solved) break;
    // 重办: dispatched again to the same department; the loop acknowledges and resolves it again.
  }
  return { ...base, steps, finalResolvedAt };
}

/**
 * Makes the January–October resolved count exact: cases whose history would run past the year's end
 * are cut there (still open), then surplus January–October resolutions become 企业撤回 before they are
 * resolved, spread evenly over the period.
 */
function settle(cases: PlannedCase[], random: () => number): PlannedCase[] {
  for (const c of cases) {
    const cut = c.steps.findIndex((s) => s.at >= YEAR_END - DAY);
    if (cut > 0) {
      c.steps = c.steps.slice(0, cut);
      const resolves = c.steps.filter((s) => s.kind === 'resolve');
      const last = c.steps[c.steps.length - 1];
      c.finalResolvedAt = last?.kind === 'resolve' || last?.kind === 'sign-off' || (last?.kind === 'follow-up' && last.solved) ? resolves[resolves.length - 1].at : null;
      if (c.steps.some((s) => s.kind === 'supervise') && last?.kind === 'resolve') c.steps.push({ at: last.at + HOUR, kind: 'sign-off' });
    }
  }
  const inPeriod = cases.filter((c) => c.finalResolvedAt !== null && c.finalResolvedAt < JAN_OCT_END);
  const surplus = inPeriod.length - TARGET_RESOLVED_JAN_OCT;
  if (surplus < 0) throw new Error(`demo history: only ${inPeriod.length} January–October resolutions planned`);
  const merged = new Set(cases.flatMap((c) => c.steps.flatMap((s) => (s.kind === 'merge' ? [s.into] : []))));
  const candidates = inPeriod.filter((c) => !merged.has(c.index));
  const chosen = new Set<number>();
  for (let i = 0; i < surplus; i += 1) {
    let at = Math.floor(((i + random() * 0.5) * candidates.length) / surplus);
    while (chosen.has(at)) at = (at + 1) % candidates.length;
    chosen.add(at);
    const c = candidates[at];
    const acknowledged = c.steps.findIndex((s) => s.kind === 'acknowledge');
    c.steps = [...c.steps.slice(0, acknowledged + 1), { at: c.steps[acknowledged].at + 30 * MINUTE, kind: 'withdraw' }];
    c.finalResolvedAt = null;
  }
  return cases;
}
