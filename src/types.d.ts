// SQL files are imported as text (`with { type: "text" }`) and embedded into the binary.
declare module "*.sql" {
  const text: string;
  export default text;
}

// blessed's terminfo files are imported as files (`with { type: "file" }`): the import answers their path.
declare module "blessed/usr/*" {
  const path: string;
  export default path;
}
