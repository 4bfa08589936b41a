/**
 * The one place the Sprig library reaches into gotemplate: the Go value model, Go printing and
 * Go string quoting.
 */
export {
  canBackquote,
  compareGoStrings,
  type FuncMap,
  formatV,
  func,
  type GoMap,
  GoStruct,
  int64,
  isMap,
  isNil,
  kindName,
  type ParamType,
  quote as goQuote,
  sortedKeys,
  type TemplateFunc,
  typeName,
} from '../../gotemplate/index.js';
