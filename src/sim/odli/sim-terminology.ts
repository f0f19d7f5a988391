/**
 * The ОДЛИ simulator's own reference data: the dictionaries its terminology
 * service serves (versions and codes) and its lab's catalogue (which tests a
 * service yields, in which units, with which norms). Written for the
 * simulator alone: the agent's demo code map points at these codes, and a
 * test checks that every code of that map exists here — the simulator never
 * reads the agent's tables. The codes are invented, shaped like the real
 * federal ones (numeric ФСЛИ tests, numeric units …).
 */

/** A dictionary of the terminology service: its versions (oldest first) and either its codes or a pattern for open ones (ICD-10). */
export interface SimDictionary {
  oid: string;
  name: string;
  versions: string[];
  codes?: Record<string, string>;
  pattern?: string;
}

const numbered = (from: number, to: number) => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [String(from + i), `код ${from + i}`]));

export const DEFAULT_DICTIONARIES: readonly SimDictionary[] = [
  {
    oid: "1.2.643.2.69.1.1.1.31",
    name: "Услуги лабораторных исследований (региональный)",
    versions: ["123", "124"],
    codes: {
      "B03.016.002": "Общий (клинический) анализ крови",
      "B03.016.004": "Анализ крови биохимический общетерапевтический",
      "B03.016.006": "Общий (клинический) анализ мочи",
      "B03.016.015": "Бактериологическое исследование мочи",
      "A08.20.017": "Цитологическое исследование мазка с шейки матки",
      "A09.05.023": "Исследование уровня глюкозы в крови",
    },
  },
  {
    oid: "1.2.643.5.1.13.13.11.1080",
    name: "Федеральный справочник лабораторных исследований (ФСЛИ)",
    versions: ["3.36", "3.37"],
    codes: {
      "1015010": "Гемоглобин", "1015020": "Эритроциты", "1015030": "Лейкоциты", "1015040": "Тромбоциты", "1015050": "Гематокрит",
      "1015060": "MCV", "1015070": "MCH", "1015080": "СОЭ", "1015090": "Нейтрофилы, %", "1015100": "Лимфоциты, %",
      "1016010": "Глюкоза", "1016020": "АЛТ", "1016030": "АСТ", "1016040": "Креатинин", "1016050": "Мочевина", "1016060": "Билирубин общий",
      "1016070": "Холестерин общий", "1016080": "Общий белок",
      "1017010": "Цвет мочи", "1017020": "Прозрачность мочи", "1017030": "Относительная плотность", "1017040": "pH мочи", "1017050": "Белок в моче",
      "1017060": "Лейкоциты в моче", "1017070": "Эритроциты в моче", "1018010": "Рост микрофлоры", "1019010": "Цитологическое заключение",
    },
  },
  {
    oid: "1.2.643.5.1.13.13.11.1358",
    name: "Единицы измерения",
    versions: ["2.3", "2.4"],
    codes: { "99": "%", "105": "г/л", "114": "фл", "121": "КОЕ/мл", "144": "ммоль/л", "150": "мкмоль/л", "153": "мм/ч", "158": "пг", "173": "Ед/л", "174": "в п/зр", "185": "10^9/л", "186": "10^12/л" },
  },
  {
    oid: "1.2.643.5.1.13.13.11.1081",
    name: "Виды биоматериала",
    versions: ["2.11", "2.12"],
    codes: { "37": "Кровь капиллярная", "40": "Кровь венозная", "55": "Сыворотка крови", "79": "Моча", "80": "Моча, средняя порция", "102": "Мазок из цервикального канала" },
  },
  { oid: "1.2.643.2.69.1.1.1.30", name: "Приоритет выполнения", versions: ["1"], codes: { Routine: "Планово", asap: "Срочно" } },
  { oid: "1.2.643.2.69.1.1.1.32", name: "Источники финансирования", versions: ["2"], codes: numbered(1, 6) },
  { oid: "1.2.643.2.69.1.1.1.2", name: "МКБ-10", versions: ["5"], pattern: "^[A-Z][0-9]{2}(\\.[0-9]{1,2})?$" },
  { oid: "1.2.643.2.69.1.1.1.35", name: "Тип случая обслуживания", versions: ["1"], codes: numbered(1, 5) },
  { oid: "1.2.643.2.69.1.1.1.36", name: "Категория состояния", versions: ["1"], codes: { diagnosis: "Диагноз", finding: "Находка" } },
  { oid: "1.2.643.2.69.1.1.1.37", name: "Параметры заявки", versions: ["2"], codes: numbered(1, 15) },
  { oid: "1.2.643.5.1.13.13.11.1002", name: "Должности медицинских работников", versions: ["7.6"], pattern: "^[0-9]{1,4}$" },
  { oid: "1.2.643.5.1.13.13.11.1066", name: "Специальности медицинских работников", versions: ["5.4"], pattern: "^[0-9]{1,4}$" },
  { oid: "1.2.643.5.1.13.13.11.1381", name: "Интерпретация результатов", versions: ["1.1"], codes: { N: "норма", L: "ниже", H: "выше", LL: "критически ниже", HH: "критически выше", LU: "значительно ниже", HU: "значительно выше", A: "отклонение", IND: "не определено" } },
];

/** A test the simulated lab reports for a service: its code, unit and norms (a text result when `texts` is set). */
export interface SimTest {
  code: string;
  unit?: string;
  low?: number;
  high?: number;
  decimals?: number;
  texts?: string[];
}

/** The simulated lab's catalogue: service code → the tests it reports. */
export const DEFAULT_CATALOGUE: Readonly<Record<string, readonly SimTest[]>> = {
  "B03.016.002": [
    { code: "1015010", unit: "105", low: 120, high: 160, decimals: 0 },
    { code: "1015020", unit: "186", low: 3.9, high: 5.2, decimals: 2 },
    { code: "1015030", unit: "185", low: 4, high: 9, decimals: 1 },
    { code: "1015040", unit: "185", low: 180, high: 320, decimals: 0 },
    { code: "1015050", unit: "99", low: 36, high: 48, decimals: 1 },
    { code: "1015060", unit: "114", low: 80, high: 100, decimals: 1 },
    { code: "1015070", unit: "158", low: 27, high: 31, decimals: 1 },
    { code: "1015080", unit: "153", low: 2, high: 15, decimals: 0 },
    { code: "1015090", unit: "99", low: 47, high: 72, decimals: 1 },
    { code: "1015100", unit: "99", low: 19, high: 37, decimals: 1 },
  ],
  "B03.016.004": [
    { code: "1016010", unit: "144", low: 3.9, high: 6.1, decimals: 2 },
    { code: "1016020", unit: "173", low: 0, high: 41, decimals: 1 },
    { code: "1016030", unit: "173", low: 0, high: 37, decimals: 1 },
    { code: "1016040", unit: "150", low: 62, high: 115, decimals: 1 },
    { code: "1016050", unit: "144", low: 2.5, high: 8.3, decimals: 2 },
    { code: "1016060", unit: "150", low: 3.4, high: 20.5, decimals: 1 },
    { code: "1016070", unit: "144", low: 3, high: 5.2, decimals: 2 },
    { code: "1016080", unit: "105", low: 64, high: 83, decimals: 1 },
  ],
  "B03.016.006": [
    { code: "1017010", texts: ["соломенно-жёлтый", "жёлтый"] },
    { code: "1017020", texts: ["прозрачная", "слабо мутная"] },
    { code: "1017030", low: 1.01, high: 1.025, decimals: 3 },
    { code: "1017040", low: 5, high: 7, decimals: 1 },
    { code: "1017050", unit: "105", low: 0, high: 0.14, decimals: 3 },
    { code: "1017060", unit: "174", low: 0, high: 5, decimals: 0 },
    { code: "1017070", unit: "174", low: 0, high: 2, decimals: 0 },
  ],
  "B03.016.015": [{ code: "1018010", texts: ["Роста микрофлоры не выявлено", "Рост 10^5 КОЕ/мл"] }],
  "A08.20.017": [{ code: "1019010", texts: ["NILM — без интраэпителиальных изменений", "ASC-US"] }],
};
