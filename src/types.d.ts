// SQL files are imported as text (`with { type: "text" }`) and embedded into the binary.
declare module "*.sql" {
  const text: string;
  export default text;
}
