/**
 * What demo data is made of: Russian names, the clinic's departments and
 * doctors, the labs' reference data (panels, parameters with norms and
 * units, organisms, antibiotics), other МО. Realistic, but invented: no
 * real person's data.
 */

export const MALE_SURNAMES = [
  "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
  "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
  "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
  "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
];

/** The feminine form of a surname: Иванов → Иванова, Королёв → Королёва. */
export const feminine = (surname: string) => `${surname}а`;

export const MALE_NAMES = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Иван", "Михаил", "Николай", "Евгений", "Владимир", "Павел", "Артём", "Максим", "Юрий", "Олег", "Виктор"];
export const FEMALE_NAMES = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Мария", "Екатерина", "Юлия", "Галина", "Людмила", "Анастасия", "Дарья", "Валентина", "Ксения"];
/** Fathers' names, from which patronymics are made. */
export const PATRONYMIC_ROOTS = [
  ["Александрович", "Александровна"],
  ["Сергеевич", "Сергеевна"],
  ["Дмитриевич", "Дмитриевна"],
  ["Андреевич", "Андреевна"],
  ["Алексеевич", "Алексеевна"],
  ["Иванович", "Ивановна"],
  ["Михайлович", "Михайловна"],
  ["Николаевич", "Николаевна"],
  ["Владимирович", "Владимировна"],
  ["Петрович", "Петровна"],
  ["Викторович", "Викторовна"],
  ["Юрьевич", "Юрьевна"],
] as const;

export const DEPARTMENTS = [
  "Терапевтическое отделение", "Хирургическое отделение", "Кардиологическое отделение", "Неврологическое отделение",
  "Педиатрическое отделение", "Родильное отделение", "Поликлиника, участок 3", "Поликлиника, участок 7", "Приёмное отделение",
];

export const DIAGNOSES: ReadonlyArray<readonly [string, string]> = [
  ["J06.9", "Острая инфекция верхних дыхательных путей"],
  ["I10", "Эссенциальная (первичная) гипертензия"],
  ["E11.9", "Сахарный диабет 2 типа без осложнений"],
  ["N30.0", "Острый цистит"],
  ["K29.7", "Гастрит неуточнённый"],
  ["D50.9", "Железодефицитная анемия неуточнённая"],
  ["Z00.0", "Общий медицинский осмотр"],
  ["J18.9", "Пневмония неуточнённая"],
];

export const LAB_TYPES = [
  [1, "КДЛ", "Клинико-диагностическая лаборатория"],
  [2, "БАК", "Бактериологическая лаборатория"],
  [3, "ЦИТ", "Цитологическая лаборатория"],
  [4, "ГИС", "Патологоанатомическое отделение"],
] as const;

export const WAYS_TO_RUN = [
  [1, "OWN", "В своей лаборатории"],
  [2, "OTHER_MO", "В лаборатории другой МО"],
  [3, "CDL", "В централизованной лаборатории"],
] as const;

export const ANALYSIS_TYPES = [
  [1, "HEM", "Гематологические исследования"],
  [2, "BIO", "Биохимические исследования"],
  [3, "URI", "Общеклинические исследования мочи"],
  [4, "MIC", "Микробиологические исследования"],
  [5, "CYT", "Цитологические исследования"],
  [6, "NEO", "Неонатальный скрининг"],
] as const;

/** Specimen types: id, code, name, tube, and the code in the federal dictionary 1.2.643.5.1.13.13.11.1081 (invented; the neonatal blank is left unmapped on purpose). */
export const BIOMATERIAL_TYPES = [
  [1, "BLD_EDTA", "Кровь венозная (ЭДТА)", "фиолетовая", "40"],
  [2, "BLD_SER", "Сыворотка крови", "жёлтая", "55"],
  [3, "URINE", "Моча утренняя", "контейнер", "79"],
  [4, "URINE_ST", "Моча (средняя порция) в стерильный контейнер", "стерильный контейнер", "80"],
  [5, "SMEAR", "Мазок из цервикального канала", "стекло", "102"],
  [6, "DBS", "Капиллярная кровь на тест-бланке", "тест-бланк", null],
] as const;

/** Units: id, code, name, and the code in the federal units dictionary (1.2.643.5.1.13.13.11.1358; invented for the demo). */
export const UNITS = [
  [1, "g/L", "г/л", "105"],
  [2, "10*12/L", "10^12/л", "186"],
  [3, "10*9/L", "10^9/л", "185"],
  [4, "%", "%", "99"],
  [5, "fL", "фл", "114"],
  [6, "mmol/L", "ммоль/л", "144"],
  [7, "U/L", "Ед/л", "173"],
  [8, "umol/L", "мкмоль/л", "150"],
  [9, "mm/h", "мм/ч", "153"],
  [10, "in FOV", "в п/зр", "174"],
  [11, "CFU/mL", "КОЕ/мл", "121"],
  [12, "pg", "пг", "158"],
] as const;

/** A parameter of a panel: id, code, name, unit id, low, high, spread for demo values, LOINC. */
export interface ParameterSpec {
  id: number;
  code: string;
  name: string;
  unit: number | null;
  low: number | null;
  high: number | null;
  decimals: number;
  loinc: string;
  /** The test's code in the federal dictionary of lab tests (ФСЛИ, 1.2.643.5.1.13.13.11.1080; invented); null: left unmapped. */
  fsli: string | null;
  /** For qualitative results: the possible texts (first is normal). */
  texts?: readonly string[];
}

export interface PanelSpec {
  id: number;
  code: string;
  name: string;
  shortName: string;
  labType: number;
  analysisType: number;
  biomaterial: number;
  price: string;
  usluga: string;
  /** The service's code in the regional services dictionary (1.2.643.2.69.1.1.1.31) for ОДЛИ; null: left unmapped on purpose. */
  odliService: string | null;
  parameters: readonly ParameterSpec[];
  bacteriology?: boolean;
  neonatal?: boolean;
  cytology?: boolean;
}

export const PANELS: readonly PanelSpec[] = [
  {
    id: 101, code: "B03.016.002", name: "Общий (клинический) анализ крови", shortName: "ОАК", labType: 1, analysisType: 1, biomaterial: 1, price: "450.00", usluga: "A12.05.001", odliService: "B03.016.002",
    parameters: [
      { id: 1001, code: "HGB", name: "Гемоглобин", unit: 1, low: 120, high: 160, decimals: 0, loinc: "718-7", fsli: "1015010" },
      { id: 1002, code: "RBC", name: "Эритроциты", unit: 2, low: 3.9, high: 5.2, decimals: 2, loinc: "789-8", fsli: "1015020" },
      { id: 1003, code: "WBC", name: "Лейкоциты", unit: 3, low: 4, high: 9, decimals: 1, loinc: "6690-2", fsli: "1015030" },
      { id: 1004, code: "PLT", name: "Тромбоциты", unit: 3, low: 180, high: 320, decimals: 0, loinc: "777-3", fsli: "1015040" },
      { id: 1005, code: "HCT", name: "Гематокрит", unit: 4, low: 36, high: 48, decimals: 1, loinc: "4544-3", fsli: "1015050" },
      { id: 1006, code: "MCV", name: "Средний объём эритроцита", unit: 5, low: 80, high: 100, decimals: 1, loinc: "787-2", fsli: "1015060" },
      { id: 1007, code: "MCH", name: "Среднее содержание гемоглобина в эритроците", unit: 12, low: 27, high: 31, decimals: 1, loinc: "785-6", fsli: "1015070" },
      { id: 1008, code: "ESR", name: "СОЭ", unit: 9, low: 2, high: 15, decimals: 0, loinc: "4537-7", fsli: "1015080" },
      { id: 1009, code: "NEU%", name: "Нейтрофилы", unit: 4, low: 47, high: 72, decimals: 1, loinc: "770-8", fsli: "1015090" },
      { id: 1010, code: "LYM%", name: "Лимфоциты", unit: 4, low: 19, high: 37, decimals: 1, loinc: "736-9", fsli: "1015100" },
    ],
  },
  {
    id: 102, code: "B03.016.004", name: "Анализ крови биохимический общетерапевтический", shortName: "Биохимия", labType: 1, analysisType: 2, biomaterial: 2, price: "1200.00", usluga: "A09.05.023", odliService: "B03.016.004",
    parameters: [
      { id: 1101, code: "GLU", name: "Глюкоза", unit: 6, low: 3.9, high: 6.1, decimals: 2, loinc: "2345-7", fsli: "1016010" },
      { id: 1102, code: "ALT", name: "Аланинаминотрансфераза (АЛТ)", unit: 7, low: 0, high: 41, decimals: 1, loinc: "1742-6", fsli: "1016020" },
      { id: 1103, code: "AST", name: "Аспартатаминотрансфераза (АСТ)", unit: 7, low: 0, high: 37, decimals: 1, loinc: "1920-8", fsli: "1016030" },
      { id: 1104, code: "CREA", name: "Креатинин", unit: 8, low: 62, high: 115, decimals: 1, loinc: "2160-0", fsli: "1016040" },
      { id: 1105, code: "UREA", name: "Мочевина", unit: 6, low: 2.5, high: 8.3, decimals: 2, loinc: "3091-6", fsli: "1016050" },
      { id: 1106, code: "TBIL", name: "Билирубин общий", unit: 8, low: 3.4, high: 20.5, decimals: 1, loinc: "1975-2", fsli: "1016060" },
      { id: 1107, code: "CHOL", name: "Холестерин общий", unit: 6, low: 3.0, high: 5.2, decimals: 2, loinc: "2093-3", fsli: "1016070" },
      { id: 1108, code: "TP", name: "Общий белок", unit: 1, low: 64, high: 83, decimals: 1, loinc: "2885-2", fsli: "1016080" },
    ],
  },
  {
    id: 103, code: "B03.016.006", name: "Общий (клинический) анализ мочи", shortName: "ОАМ", labType: 1, analysisType: 3, biomaterial: 3, price: "300.00", usluga: "A09.28.003", odliService: "B03.016.006",
    parameters: [
      { id: 1201, code: "COLOR", name: "Цвет", unit: null, low: null, high: null, decimals: 0, loinc: "5778-6", fsli: "1017010", texts: ["соломенно-жёлтый", "жёлтый", "насыщенно-жёлтый", "красноватый"] },
      { id: 1202, code: "CLAR", name: "Прозрачность", unit: null, low: null, high: null, decimals: 0, loinc: "32167-9", fsli: "1017020", texts: ["прозрачная", "слабо мутная", "мутная"] },
      { id: 1203, code: "SG", name: "Относительная плотность", unit: null, low: 1.010, high: 1.025, decimals: 3, loinc: "2965-2", fsli: "1017030" },
      { id: 1204, code: "PH", name: "Реакция (pH)", unit: null, low: 5.0, high: 7.0, decimals: 1, loinc: "2756-5", fsli: "1017040" },
      { id: 1205, code: "PRO", name: "Белок", unit: 1, low: 0, high: 0.14, decimals: 3, loinc: "2888-6", fsli: "1017050" },
      { id: 1206, code: "LEU", name: "Лейкоциты (микроскопия)", unit: 10, low: 0, high: 5, decimals: 0, loinc: "5821-4", fsli: "1017060" },
      { id: 1207, code: "ERY", name: "Эритроциты (микроскопия)", unit: 10, low: 0, high: 2, decimals: 0, loinc: "13945-1", fsli: "1017070" },
    ],
  },
  {
    id: 104, code: "B03.016.015", name: "Бактериологическое исследование мочи на аэробные и факультативно-анаэробные микроорганизмы с определением чувствительности к антибиотикам", shortName: "Посев мочи", labType: 2, analysisType: 4, biomaterial: 4, price: "980.00", usluga: "A26.28.003", odliService: "B03.016.015",
    parameters: [{ id: 1301, code: "GROWTH", name: "Рост микрофлоры", unit: 11, low: null, high: null, decimals: 0, loinc: "630-4", fsli: "1018010" }],
    bacteriology: true,
  },
  {
    id: 105, code: "A08.20.017", name: "Цитологическое исследование мазка с шейки матки", shortName: "Цитология", labType: 3, analysisType: 5, biomaterial: 5, price: "650.00", usluga: "A08.20.017", odliService: "A08.20.017",
    parameters: [{ id: 1401, code: "CYTO", name: "Цитологическое заключение", unit: null, low: null, high: null, decimals: 0, loinc: "19762-4", fsli: "1019010", texts: ["NILM — без интраэпителиальных изменений", "ASC-US", "LSIL"] }],
    cytology: true,
  },
  {
    id: 106, code: "A09.05.NEO", name: "Неонатальный скрининг на наследственные заболевания", shortName: "Неоскрининг", labType: 1, analysisType: 6, biomaterial: 6, price: "0.00", usluga: "A09.05.245", odliService: null,
    parameters: [
      { id: 1501, code: "TSH", name: "ТТГ (врождённый гипотиреоз)", unit: null, low: 0, high: 9, decimals: 1, loinc: "29575-8", fsli: null },
      { id: 1502, code: "PHE", name: "Фенилаланин (фенилкетонурия)", unit: null, low: 0, high: 2, decimals: 2, loinc: "29573-3", fsli: null },
    ],
    neonatal: true,
  },
];

export const ORGANISMS = [
  [1, "ECOL", "Escherichia coli", "Кишечная палочка"],
  [2, "SAUR", "Staphylococcus aureus", "Золотистый стафилококк"],
  [3, "KPNE", "Klebsiella pneumoniae", "Клебсиелла пневмонии"],
  [4, "EFAE", "Enterococcus faecalis", "Энтерококк фекальный"],
  [5, "PAER", "Pseudomonas aeruginosa", "Синегнойная палочка"],
  [6, "PMIR", "Proteus mirabilis", "Протей удивительный"],
  [7, "CALB", "Candida albicans", "Кандида альбиканс"],
] as const;

export const ANTIBIOTICS = [
  [1, "AMP", "Ампициллин", "Пенициллины"],
  [2, "AMC", "Амоксициллин/клавуланат", "Пенициллины"],
  [3, "CRO", "Цефтриаксон", "Цефалоспорины"],
  [4, "CAZ", "Цефтазидим", "Цефалоспорины"],
  [5, "CIP", "Ципрофлоксацин", "Фторхинолоны"],
  [6, "LVX", "Левофлоксацин", "Фторхинолоны"],
  [7, "GEN", "Гентамицин", "Аминогликозиды"],
  [8, "AMK", "Амикацин", "Аминогликозиды"],
  [9, "MEM", "Меропенем", "Карбапенемы"],
  [10, "VAN", "Ванкомицин", "Гликопептиды"],
  [11, "NIT", "Нитрофурантоин", "Нитрофураны"],
  [12, "FOS", "Фосфомицин", "Фосфоновые кислоты"],
] as const;

export const SENSITIVITY = [
  [1, "S", "Чувствителен"],
  [2, "I", "Чувствителен при увеличенной экспозиции"],
  [3, "R", "Устойчив"],
] as const;

export const OTHER_MO = [
  [1, 4601001, "4601001", "ОБУЗ «Курская областная клиническая больница»", "1024600945541"],
  [2, 4601002, "4601002", "ОБУЗ «Курский онкологический научно-клинический центр им. Г.Е. Островерхова»", "1024600949544"],
  [3, 4601003, "4601003", "ОБУЗ «Областной перинатальный центр»", "1024600945123"],
  [4, 4601004, "4601004", "ОБУЗ «Курская городская клиническая больница № 4»", "1024600941234"],
] as const;

/** Executing labs reached through ОДЛИ: the МО's LPU_ID → its GUID on the N3 platform (invented). */
export const ODLI_LABS: Readonly<Record<number, string>> = {
  4601001: "3f1c2a9e-5b7d-4e21-9a63-0c8d1e2f4a51",
  4601003: "8d0e6b42-1c3a-4f95-b7e8-2a9c5d4e6f73",
};

/** Doctors' posts (FNSI 1.2.643.5.1.13.13.11.1002) and specialities (1.2.643.5.1.13.13.11.1066): invented codes. */
export const DOCTOR_POSTS = ["109", "40", "71", "24"] as const;
export const DOCTOR_SPECIALITIES = ["76", "27", "18", "42"] as const;

/** Insurers' codes (register F002, 1.2.643.5.1.13.2.1.1.635): invented. */
export const INSURERS = ["46001", "46003", "46006"] as const;

/** Names of foreign patients whose cards hold only the Latin spelling (the ОДЛИ job holds such referrals back). */
export const LATIN_NAMES = [
  ["Smith", "John"],
  ["Garcia", "Maria"],
  ["Nguyen", "Van An"],
] as const;

export const MARKS = [
  ["CITO", "Срочно (cito!)"],
  ["REJECTED", "Биоматериал отклонён: гемолиз"],
  ["RECOLLECT", "Требуется повторный забор"],
  ["LATE", "Доставлен с нарушением сроков"],
] as const;

export const NORM_QUESTIONS = [
  [1, 1101, "Взят ли материал натощак (не менее 8 часов)?", "ДА/НЕТ"],
  [2, 1501, "Срок гестации при рождении, недель", "ЧИСЛО"],
  [3, null, "Принимает ли пациент антибиотики в последние 7 дней?", "ДА/НЕТ"],
] as const;

export const FLRD = [
  [1, "ФЛРД-1", "Федеральный справочник лабораторных исследований: гематология"],
  [2, "ФЛРД-2", "Федеральный справочник лабораторных исследований: биохимия"],
  [3, "ФЛРД-3", "Федеральный справочник лабораторных исследований: общеклинические исследования"],
] as const;
