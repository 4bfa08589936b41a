/**
 * Template cases rendered by the real helm and by bosun's gotemplate, compared at test time.
 * `values` is the chart's values.yaml. Only Go's builtins are used (not `slice`: helm replaces it
 * with Sprig's). Note YAML 1.1 reads a key `n` or `y` as a boolean: values avoid such keys.
 */
export interface OutputCase {
  name: string;
  template: string;
  values?: string;
}

const V = `
s: hello
empty: ""
num: 3
f: 1.5
big: 10000000
small: 0.00001
neg: -2
t: true
fa: false
nul: null
list: [1, two, 3.5, null, true]
strs: [b, a, c]
emptyList: []
m: {b: 2, a: 1, c: {d: x}}
emptyMap: {}
nested: {a: {b: {c: deep}}}
uni: "héllo wörld ✓"
pct: "50%"
html: "<a href='x'>&\\"</a>"
`;

export const outputCases: OutputCase[] = [
  // --- text, trim markers, comments ---
  { name: 'text only', template: 'plain text\nline 2\n' },
  { name: 'trim left', template: 'a  \n\t {{- "b" }}' },
  { name: 'trim right', template: '{{ "a" -}} \n\r\n  b' },
  { name: 'trim both', template: 'x \n {{- "y" -}} \n z' },
  { name: 'comment', template: 'a{{/* hidden */}}b' },
  { name: 'comment trim', template: 'a \n {{- /* hidden */ -}} \n b' },
  { name: 'multi-line comment', template: 'a{{/*\nline\n*/}}b' },
  { name: 'newline inside action', template: '{{ printf "%s-%s"\n  "a"\n  "b" }}' },
  { name: 'raw string with delims', template: '{{ `{{ not an action }}` }}' },
  { name: 'raw string multi-line', template: '{{ `line1\nline2` }}', values: V },
  { name: 'long raw string', template: `{{ \`${'x'.repeat(20000)}\` | len }}` },
  // --- constants ---
  { name: 'string escapes', template: '{{ "tab\\there\\nnl \\x41\\u00e9\\U0001F600 \\101 \\\\ \\"" }}' },
  { name: 'char constants', template: "{{ 'a' }} {{ '\\n' }} {{ '\\u00e9' }} {{ printf \"%c%c\" 'x' 'é' }}" },
  { name: 'ints', template: '{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000_000 }}' },
  {
    name: 'floats',
    template: '{{ 1.5 }} {{ 1e3 }} {{ 1.0 }} {{ .5 }} {{ -2.25e-3 }} {{ 0x1p4 }} {{ 1e21 }}',
  },
  { name: 'bools and nil-free', template: '{{ true }} {{ false }}' },
  { name: 'int64 bounds', template: '{{ 9223372036854775807 }} {{ -9223372036854775808 }}' },
  // --- values printing ---
  {
    name: 'print values',
    values: V,
    template:
      '{{ .Values.s }}|{{ .Values.num }}|{{ .Values.f }}|{{ .Values.big }}|{{ .Values.small }}|{{ .Values.neg }}|{{ .Values.t }}',
  },
  {
    name: 'print collections',
    values: V,
    template: '{{ .Values.list }}|{{ .Values.m }}|{{ .Values.emptyList }}|{{ .Values.emptyMap }}',
  },
  {
    name: 'print missing and nil',
    values: V,
    template: '[{{ .Values.nope }}][{{ .Values.nul }}][{{ .Values.nested.a.nope }}]',
  },
  { name: 'nested field chain', values: V, template: '{{ .Values.nested.a.b.c }} {{ .Values.m.c.d }}' },
  { name: 'dollar', values: V, template: '{{ $.Values.s }}{{ with .Values.m }}{{ $.Values.num }}{{ end }}' },
  // --- variables ---
  {
    name: 'declare and assign',
    template: '{{ $x := 1 }}{{ $x }}{{ $x = 2 }}{{ $x }}{{ if true }}{{ $x = 3 }}{{ end }}{{ $x }}',
  },
  {
    name: 'variable scope',
    template: '{{ $x := "outer" }}{{ if true }}{{ $x := "inner" }}{{ $x }}{{ end }}{{ $x }}',
  },
  {
    name: 'variable field chain',
    values: V,
    template: '{{ $m := .Values.m }}{{ $m.c.d }} {{ $.Values.nested.a.b.c }}',
  },
  { name: 'variable of missing field', values: V, template: '{{ $x := .Values.nope }}[{{ $x.foo }}]' },
  // --- pipelines and parens ---
  { name: 'pipeline final arg', template: '{{ "x" | printf "%s-%s" "a" }}' },
  { name: 'pipeline chain', template: '{{ 3 | printf "%d" | len }}' },
  { name: 'parenthesized', template: '{{ printf "%d" (len "abcd") }}' },
  { name: 'field on paren', values: V, template: '{{ (.Values.m).c.d }} {{ (index .Values.m "c").d }}' },
  // --- if / else ---
  {
    name: 'if else',
    values: V,
    template: '{{ if .Values.t }}yes{{ else }}no{{ end }}{{ if .Values.fa }}yes{{ else }}no{{ end }}',
  },
  {
    name: 'else if chain',
    values: V,
    template: '{{ if eq .Values.num 1.0 }}one{{ else if eq .Values.num 3.0 }}three{{ else }}other{{ end }}',
  },
  {
    name: 'truthiness',
    values: V,
    template:
      '{{ if .Values.empty }}1{{ end }}{{ if .Values.emptyList }}2{{ end }}{{ if .Values.emptyMap }}3{{ end }}{{ if .Values.nul }}4{{ end }}{{ if .Values.nope }}5{{ end }}{{ if 0 }}6{{ end }}{{ if 0.0 }}7{{ end }}{{ if .Values.m }}8{{ end }}',
  },
  // --- with ---
  {
    name: 'with',
    values: V,
    template: '{{ with .Values.m }}{{ .a }}{{ end }}{{ with .Values.nope }}x{{ else }}none{{ end }}',
  },
  {
    name: 'with else with',
    values: V,
    template: '{{ with .Values.nope }}a{{ else with .Values.s }}{{ . }}{{ else }}c{{ end }}',
  },
  { name: 'with declares', values: V, template: '{{ with $x := .Values.s }}{{ $x }}{{ . }}{{ end }}' },
  // --- range ---
  { name: 'range list', values: V, template: '{{ range .Values.list }}[{{ . }}]{{ end }}' },
  {
    name: 'range index value',
    values: V,
    template: '{{ range $i, $v := .Values.strs }}{{ $i }}={{ $v }};{{ end }}',
  },
  {
    name: 'range map sorted',
    values: V,
    template: '{{ range $k, $v := .Values.m }}{{ $k }}:{{ $v }};{{ end }}',
  },
  {
    name: 'range else',
    values: V,
    template:
      '{{ range .Values.emptyList }}x{{ else }}empty{{ end }}{{ range .Values.nope }}x{{ else }}none{{ end }}',
  },
  {
    name: 'range int',
    template:
      '{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}|{{ range 0 }}x{{ else }}zero{{ end }}',
  },
  {
    name: 'range break continue',
    template:
      '{{ range $i := 10 }}{{ if eq $i 2 }}{{ continue }}{{ end }}{{ if eq $i 5 }}{{ break }}{{ end }}{{ $i }}{{ end }}',
  },
  {
    name: 'range assign',
    values: V,
    template: '{{ $v := "" }}{{ range $v = .Values.strs }}{{ end }}{{ $v }}',
  },
  {
    name: 'range nested dollar',
    values: V,
    template: '{{ range .Values.strs }}{{ . }}{{ $.Values.num }}{{ end }}',
  },
  // --- define / template / block ---
  {
    name: 'define and template',
    values: V,
    template: '{{ define "t1" }}<{{ . }}>{{ end }}{{ template "t1" .Values.s }}{{ template "t1" }}',
  },
  { name: 'block', values: V, template: '{{ block "blk" .Values.num }}b={{ . }}{{ end }}' },
  {
    name: 'template vars isolated',
    template: '{{ define "t2" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template "t2" "arg" }}',
  },
  // --- builtins ---
  {
    name: 'and or',
    values: V,
    template:
      '{{ and 1 0 2 }}|{{ and 1 2 }}|{{ or 0 "" 3 }}|{{ or 0 "" }}|{{ and .Values.t .Values.s }}|{{ or .Values.nope .Values.s }}',
  },
  { name: 'and or short-circuit', template: '{{ and false (index "" 5) }}|{{ or true (index "" 5) }}' },
  { name: 'not', values: V, template: '{{ not 0 }} {{ not .Values.s }} {{ not .Values.nope }}' },
  {
    name: 'len',
    values: V,
    template: '{{ len .Values.list }} {{ len .Values.m }} {{ len .Values.uni }} {{ len "" }}',
  },
  {
    name: 'index',
    values: V,
    template:
      '{{ index .Values.list 1 }} {{ index .Values.m "a" }} {{ index .Values.m "c" "d" }} {{ index .Values.s 1 }} [{{ index .Values.m "zz" }}]',
  },
  {
    name: 'eq variants',
    values: V,
    template:
      '{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ eq .Values.s "hello" }} {{ eq .Values.num 3.0 }} {{ eq .Values.nope nil }} {{ eq .Values.t true }}',
  },
  {
    name: 'ne lt le gt ge',
    values: V,
    template:
      '{{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 .Values.f }} {{ lt .Values.neg 0.0 }}',
  },
  {
    name: 'print println',
    values: V,
    template: '{{ print "a" 1 2 "b" "c" 3.5 nil }}|{{ println "a" 1 }}|{{ print .Values.list }}',
  },
  {
    name: 'html js urlquery',
    values: V,
    template:
      '{{ html .Values.html }}|{{ js .Values.html }}|{{ urlquery "a b&c=d/é" }}|{{ html 1 "x" }}|{{ js "\\u0001" }}',
  },
  // --- printf verbs ---
  {
    name: 'printf basic',
    values: V,
    template: '{{ printf "%v %s %d %t %q %%" .Values.s .Values.s 42 true "q\\"x" }}',
  },
  {
    name: 'printf ints',
    template:
      '{{ printf "%d|%5d|%-5d|%05d|%+d|%x|%X|%#x|%o|%#o|%O|%b|%c|%U|%#U" 42 42 42 -42 42 255 255 255 8 8 8 5 65 233 233 }}',
  },
  {
    name: 'printf floats',
    template:
      '{{ printf "%f|%.2f|%8.3f|%-8.1f|%e|%E|%g|%G|%.3g|%+.1f|% f|%#g|%F" 3.14159 2.675 3.14159 2.5 123456.789 0.000123 1e21 1e-7 3.14159 2.25 1.0 1.0 2.5 }}',
  },
  {
    name: 'printf float rounding',
    template: '{{ printf "%.0f %.0f %.0f %.1f %.1f %.2f" 0.5 1.5 2.5 0.25 0.35 1.005 }}',
  },
  {
    name: 'printf values floats',
    values: V,
    template: '{{ printf "%v %v %v %d" .Values.f .Values.big .Values.small .Values.num }}',
  },
  {
    name: 'printf strings',
    values: V,
    template:
      '{{ printf "[%10s][%-10s][%.3s][%x][% X][%q][%+q][%#q]" "abc" "abc" .Values.uni "hi" "hi" .Values.uni .Values.uni "back`q" }}',
  },
  {
    name: 'printf composite',
    values: V,
    template: '{{ printf "%v|%+v|%d|%s" .Values.list .Values.m .Values.strs .Values.strs }}',
  },
  {
    name: 'printf sharp v',
    values: V,
    template: '{{ printf "%#v|%#v|%#v|%#v|%#v" .Values.s 42 1.5 true .Values.strs }}',
  },
  {
    name: 'printf types',
    values: V,
    template: '{{ printf "%T %T %T %T %T %T" .Values.s .Values.f .Values.t .Values.list .Values.m nil }}',
  },
  { name: 'printf bad verbs', values: V, template: '{{ printf "%d|%s|%t|%z" "str" 1.5 "x" 3 }}' },
  {
    name: 'printf missing extra',
    template: '{{ printf "%s %s" "a" }}|{{ printf "%s" "a" "b" 3 }}|{{ printf "%" }}|{{ printf "%!" }}',
  },
  {
    name: 'printf star and index',
    template: '{{ printf "%*d|%-*d|%.*f|%[2]s %[1]s|%[3]d" 5 42 4 7 2 3.14159 "x" "y" }}',
  },
  { name: 'printf nil', values: V, template: '{{ printf "%v %s %d" nil .Values.nul .Values.nope }}' },
  { name: 'printf percent', values: V, template: '{{ printf "%s" .Values.pct }} {{ .Values.pct }}' },
  {
    name: 'float printing',
    template:
      '{{ 100000.0 }} {{ 1000000.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ 123456789.0 }} {{ 1.23e-5 }} {{ -0.0 }}',
  },
];

/** Cases that must fail; the message is compared with Go's. */
export const errorCases: OutputCase[] = [
  // parse errors
  { name: 'unexpected right delim', template: '{{ }}' },
  { name: 'undefined function', template: '{{ nope 1 }}' },
  { name: 'unclosed action', template: '{{ .Values' },
  { name: 'unclosed action multi-line', template: 'a\n{{ .Values\n\n' },
  { name: 'unexpected end', template: '{{ end }}' },
  { name: 'missing end', template: '{{ if true }}x' },
  { name: 'undefined variable', template: '{{ $x }}' },
  { name: 'bad number', template: '{{ 3k }}' },
  { name: 'unterminated string', template: '{{ "abc }}' },
  { name: 'unterminated raw string', template: '{{ `abc }}' },
  { name: 'unclosed comment', template: '{{/* abc }}' },
  { name: 'unexpected paren', template: '{{ ) }}' },
  { name: 'unclosed paren', template: '{{ (1 }}' },
  { name: 'break outside range', template: '{{ break }}' },
  { name: 'non executable command', template: '{{ 1 | 2 }}' },
  { name: 'missing value for if', template: '{{ if }}{{ end }}' },
  { name: 'too many declarations', template: '{{ $a, $b := 1 }}' },
  { name: 'else after else', template: '{{ if 1 }}{{ else }}{{ else }}{{ end }}' },
  { name: 'multiple definition', template: '{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}' },
  { name: 'bad character', template: '{{ .a# }}' },
  { name: 'dot after term', template: '{{ "x".y }}' },
  { name: 'integer overflow', template: '{{ 99999999999999999999 }}' },
  { name: 'invalid escape', template: '{{ "\\q" }}' },
  // exec errors
  { name: 'nil pointer', values: V, template: 'x: {{ .Values.nope.foo }}' },
  { name: 'nil pointer null value', values: V, template: 'x: {{ .Values.nul.foo }}' },
  { name: 'field of string', values: V, template: 'x: {{ .Values.s.foo }}' },
  { name: 'field of string variable', values: V, template: '{{ $s := .Values.s }}{{ $s.foo }}' },
  { name: 'field of range element', values: V, template: '{{ range .Values.strs }}{{ .foo }}{{ end }}' },
  { name: 'wrong arg count', template: '{{ len 1 2 }}' },
  { name: 'wrong arg count variadic', template: '{{ printf }}' },
  { name: 'wrong type', values: V, template: '{{ printf .Values.num }}' },
  { name: 'wrong type interface nil', values: V, template: '{{ printf .Values.nope }}' },
  { name: 'invalid value', values: V, template: '{{ .Values.nope | printf }}' },
  { name: 'expected string constant', template: '{{ printf 3 }}' },
  { name: 'index out of range', values: V, template: '{{ index .Values.list 10 }}' },
  { name: 'index at len', values: V, template: '{{ index .Values.list 5 }}' },
  { name: 'index bad key type', values: V, template: '{{ index .Values.m 1 }}' },
  { name: 'index of nil', values: V, template: '{{ index .Values.nope 1 }}' },
  { name: 'index float', values: V, template: '{{ index .Values.list 1.5 }}' },
  { name: 'len of int', template: '{{ len 3 }}' },
  { name: 'len of nil', values: V, template: '{{ len .Values.nope }}' },
  { name: 'incompatible comparison', values: V, template: '{{ eq .Values.num 3 }}' },
  { name: 'lt string int', template: '{{ lt "a" 1 }}' },
  { name: 'lt bool', template: '{{ lt true false }}' },
  { name: 'eq maps', values: V, template: '{{ eq .Values.m .Values.m }}' },
  { name: 'eq missing arg', template: '{{ eq 1 }}' },
  { name: 'range over float', values: V, template: '{{ range .Values.num }}{{ end }}' },
  { name: 'range int two vars', template: '{{ range $i, $v := 3 }}{{ end }}' },
  { name: 'template not defined', template: '{{ template "nope" }}' },
  { name: 'not a method', values: V, template: '{{ .Values.m 1 }}' },
  { name: 'non-function argument', template: '{{ 1 2 }}' },
  { name: 'nil is not a command', template: '{{ nil }}' },
  { name: 'cannot assign nil', template: '{{ printf nil }}' },
  { name: 'nil chain', template: '{{ (nil).x }}' },
  { name: 'error position unicode', values: V, template: 'é✓ {{ .Values.nope.x }}' },
  {
    name: 'error in define',
    values: V,
    template: '{{ define "d" }}\n  {{ .nope.x }}{{ end }}{{ template "d" .Values }}',
  },
  { name: 'percent in template error', values: V, template: '{{ .Values.pct.x }}' },
];
