/**
 * Writes seeds/reference/enterprises.json: ~2,000 plausible enterprises of a 永康 (五金之都) development
 * zone. Deterministic (seeded PRNG), so a rerun reproduces the committed file byte for byte; an
 * integration test checks that it does. Run:
 *   npx swc seeds/generate-enterprises.ts libs/reference-data/src/enterprises/uscc.ts \
 *     -C module.type=commonjs -d /tmp/zhuqi-gen \
 *     && node /tmp/zhuqi-gen/seeds/generate-enterprises.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { organizationCodeCheckChar, USCC_CHARSET, usccCheckChar } from '../libs/reference-data/src/enterprises/uscc';
import type { EnterpriseSeedRow, GridSeedRow } from '../libs/reference-data/src/seed-rows';

export const ENTERPRISE_COUNT = 2000;
export const ENTERPRISE_SEED = 20241123;

/** mulberry32: small, fast and good enough for demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 字号 = one of FIRST + one of SECOND
const FIRST = [...'飞恒华众金永宏鑫顺佳隆泰瑞盛天东新嘉兴博益诚康力正荣富百锦凯中立德宝浩联明美星创亚欧腾远通世丰利乐福万'];
const SECOND = [...'鹰通力泰达源盛宇翔星龙峰亿昌安豪辉邦科锐腾威发跃骏捷诚恒信隆丰泽晟凯润嘉'];

/** 行业字样 in the name → the industry recorded; weights favour 永康's hardware trades. */
const TRADES: Array<{ words: string[]; industry: string; weight: number }> = [
  { words: ['五金制品', '五金', '工贸', '五金制造'], industry: '五金制品', weight: 14 },
  { words: ['电动工具', '电器', '电器制造'], industry: '电动工具', weight: 10 },
  { words: ['杯业', '保温杯'], industry: '杯壶制品', weight: 7 },
  { words: ['门业', '安防门业'], industry: '门业', weight: 7 },
  { words: ['车业', '电动车'], industry: '电动车及休闲车', weight: 6 },
  { words: ['汽车配件', '汽配'], industry: '汽车及零部件', weight: 6 },
  { words: ['机械', '机械制造'], industry: '机械制造', weight: 7 },
  { words: ['不锈钢制品', '金属制品'], industry: '金属制品', weight: 7 },
  { words: ['厨具', '炊具'], industry: '厨具炊具', weight: 5 },
  { words: ['园林工具', '园林机械'], industry: '园林工具', weight: 4 },
  { words: ['农机装备', '农业机械'], industry: '农林机械', weight: 3 },
  { words: ['锂电科技', '储能科技', '新能源科技'], industry: '锂电储能', weight: 4 },
  { words: ['智能科技', '智能装备'], industry: '智能装备', weight: 4 },
  { words: ['塑业', '塑料制品'], industry: '塑料制品', weight: 3 },
  { words: ['包装', '包装材料'], industry: '包装印刷', weight: 2 },
  { words: ['模具', '精密模具'], industry: '模具', weight: 3 },
  { words: ['精密铸造', '压铸'], industry: '铸造', weight: 2 },
  { words: ['表面处理', '喷涂'], industry: '表面处理', weight: 2 },
  { words: ['休闲用品', '运动器材'], industry: '休闲运动器材', weight: 3 },
  { words: ['电子', '电子科技'], industry: '电子元器件', weight: 2 },
  { words: ['衡器'], industry: '衡器', weight: 1 },
  { words: ['实业', '科技'], industry: '综合', weight: 3 },
];

const PREFIXES: Array<[string, number]> = [['永康市', 55], ['浙江', 25], ['永康', 12], ['金华', 8]];
const FORMS: Array<[string, number]> = [['有限公司', 92], ['股份有限公司', 8]];

/** Roads of each 区块 (some from the articles: 九桂路, 玉桂路, 五金大道). */
const ROADS: Record<string, string[]> = {
  花川区块: ['花川路', '九桂路', '花城东路'],
  梅陇区块: ['梅陇路', '飞洋路', '金城路'],
  四方区块: ['四方路', '五金大道', '望春东路'],
  九里山区块: ['九里山路', '九铃东路'],
  中申达区块: ['中申达路', '金胜路'],
  玉桂路区块: ['玉桂路', '金山东路'],
  富源区块: ['富源路', '丽州南路'],
  老长城区块: ['长城路', '长恒路'],
  西园山背区块: ['西园路', '山背路'],
  中兴工业园: ['中兴路', '科源路'],
};

const SURNAMES = [...'应胡吕徐朱程李陈王楼周施卢颜俞章杜潘金厉吴张黄叶丁'];
const GIVEN = [...'建伟国明华军平志红丽芳燕强勇杰斌海峰晓东俊超敏静婷辉鹏飞雪梅林波涛荣新春'];
const MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '153', '158', '159', '177', '187', '188', '199'];

export function generateEnterprises(grids: GridSeedRow[], count = ENTERPRISE_COUNT, seed = ENTERPRISE_SEED): EnterpriseSeedRow[] {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    let r = random() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) {
      if ((r -= w) < 0) return item;
    }
    return items[items.length - 1][0];
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[int(4)];
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const uscc = () => {
    // 9 市场监管 + 1 企业 + 行政区划 (永康市 330784, a few 金华市 330700) + 主体标识码
    const division = random() < 0.95 ? '330784' : '330700';
    const body =
      random() < 0.65
        ? 'MA2' + Array.from({ length: 5 }, () => pick([...USCC_CHARSET])).join('')
        : pick(['7', '1', '0']) + Array.from({ length: 7 }, () => String(int(10))).join('');
    const first17 = `91${division}${body}${organizationCodeCheckChar(body)}`;
    return first17 + usccCheckChar(first17);
  };
  const person = () => pick(SURNAMES) + pick(GIVEN) + (random() < 0.7 ? pick(GIVEN) : '');
  // bigger blocks hold more enterprises: grid weight 1..3
  const gridWeights = grids.map((g, i) => [g, 1 + ((i * 7) % 3)] as const);
  const trades = TRADES.map((t) => [t, t.weight] as const);

  const names = new Set<string>();
  const usccs = new Set<string>();
  const rows: EnterpriseSeedRow[] = [];
  while (rows.length < count) {
    const trade = weighted(trades);
    const name = weighted(PREFIXES) + pick(FIRST) + pick(SECOND) + pick(trade.words) + weighted(FORMS);
    if (names.has(name)) continue;
    let code = uscc();
    while (usccs.has(code)) code = uscc();
    names.add(name);
    usccs.add(code);
    const grid = weighted(gridWeights);
    // 一厂多租: tenants of one plant share the plot's street number, told apart by building (幢)
    const multiTenant = random() < 0.15;
    const address =
      `浙江省永康市${pick(ROADS[grid.block] ?? ['五金大道'])}${1 + int(688)}号` + (multiTenant ? `${1 + int(6)}幢` : '');
    rows.push({
      id: uuid(),
      name,
      uscc: code,
      grid_code: grid.code,
      address,
      industry: trade.industry,
      contact_name: person(),
      contact_phone: pick(MOBILE_PREFIXES) + Array.from({ length: 8 }, () => String(int(10))).join(''),
      multi_tenant_plot: multiTenant,
    });
  }
  return rows;
}

/** One row per line: small, and diffs stay readable. */
export function formatEnterprisesJson(rows: EnterpriseSeedRow[]): string {
  return `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`;
}

if (require.main === module) {
  const dir = join(__dirname, 'reference');
  const source = [join(process.cwd(), 'seeds/reference'), dir].find((d) => {
    try {
      readFileSync(join(d, 'grids.json'));
      return true;
    } catch {
      return false;
    }
  });
  if (!source) throw new Error('seeds/reference/grids.json not found; run from the repository root');
  const grids = JSON.parse(readFileSync(join(source, 'grids.json'), 'utf8')) as GridSeedRow[];
  const json = formatEnterprisesJson(generateEnterprises(grids));
  writeFileSync(join(source, 'enterprises.json'), json);
  process.stdout.write(`wrote ${join(source, 'enterprises.json')} (${Buffer.byteLength(json)} bytes)\n`);
}
