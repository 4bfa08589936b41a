/**
 * libyaml's parser (go-yaml v2 parserc.go) over the scanner's tokens, building go-yaml's node
 * tree directly: the same acceptance and the same "did not find expected key" errors at the same
 * token. Anchors are bound when parsed, as go-yaml does, so an alias names the latest anchor.
 */
import { LibyamlError, type Mark, type ScalarStyle, Scanner, T, type Token } from './yaml-scanner.js';

export interface YNode {
  kind: 'scalar' | 'seq' | 'map' | 'alias';
  /** The resolved tag ('' when none was given). */
  tag: string;
  value: string;
  style: ScalarStyle;
  /** Plain and untagged (or tagged `!`): the value resolves by its text. */
  implicit: boolean;
  anchor: string;
  children: YNode[];
  /** For an alias: the node it names. */
  target?: YNode;
  line: number;
  column: number;
}

const DEFAULT_TAGS: [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

export class YamlParser {
  readonly scanner: Scanner;
  private tagDirectives: [string, string][] = [];
  private anchors = new Map<string, YNode>();
  private started = false;
  private implicitNext = true;

  constructor(text: string) {
    this.scanner = new Scanner(text);
  }

  private peek(): Token {
    return this.scanner.peek();
  }

  private skip(): void {
    this.scanner.skipToken();
  }

  private fail(problem: string, problemMark: Mark, contextMark?: Mark): never {
    throw new LibyamlError('parser', problem, problemMark, contextMark);
  }

  private node(kind: YNode['kind'], mark: Mark): YNode {
    return {
      kind,
      tag: '',
      value: '',
      style: 'plain',
      implicit: false,
      anchor: '',
      children: [],
      line: mark.line,
      column: mark.column,
    };
  }

  private empty(mark: Mark): YNode {
    const n = this.node('scalar', mark);
    n.implicit = true;
    return n;
  }

  /**
   * The next document's root (an empty plain scalar for an empty document), or undefined at the
   * end of the stream.
   * Like go-yaml, reading a document also reads the token after it (its possible `...`).
   */
  nextDocument(): YNode | undefined {
    if (!this.started) {
      this.peek();
      this.skip(); // STREAM-START
      this.started = true;
    }
    if (this.scanner.ended) return undefined;
    const implicit = this.implicitNext;
    this.implicitNext = false;
    let token = this.peek();
    if (!implicit) {
      while (token.type === T.DocumentEnd) {
        this.skip();
        token = this.peek();
      }
    }
    let root: YNode;
    this.anchors = new Map();
    if (
      implicit &&
      token.type !== T.VersionDirective &&
      token.type !== T.TagDirective &&
      token.type !== T.DocumentStart &&
      token.type !== T.StreamEnd
    ) {
      this.processDirectives();
      root = this.parseNode(true, false);
    } else if (token.type !== T.StreamEnd) {
      this.processDirectives();
      token = this.peek();
      if (token.type !== T.DocumentStart) this.fail('did not find expected <document start>', token.start);
      this.skip();
      token = this.peek();
      const t = token.type;
      root =
        t === T.VersionDirective ||
        t === T.TagDirective ||
        t === T.DocumentStart ||
        t === T.DocumentEnd ||
        t === T.StreamEnd
          ? this.empty(token.start)
          : this.parseNode(true, false);
    } else {
      this.skip();
      return undefined;
    }
    // DOCUMENT-END
    token = this.peek();
    if (token.type === T.DocumentEnd) this.skip();
    this.tagDirectives = [];
    return root;
  }

  private processDirectives(): void {
    let version = false;
    let token = this.peek();
    while (token.type === T.VersionDirective || token.type === T.TagDirective) {
      if (token.type === T.VersionDirective) {
        if (version) this.fail('found duplicate %YAML directive', token.start);
        if (token.major !== 1 || token.minor !== 1)
          this.fail('found incompatible YAML document', token.start);
        version = true;
      } else {
        const handle = token.value!;
        if (this.tagDirectives.some(([h]) => h === handle))
          this.fail('found duplicate %TAG directive', token.start);
        this.tagDirectives.push([handle, token.suffix!]);
      }
      this.skip();
      token = this.peek();
    }
    for (const [h, p] of DEFAULT_TAGS)
      if (!this.tagDirectives.some(([x]) => x === h)) this.tagDirectives.push([h, p]);
  }

  private parseNode(block: boolean, indentless: boolean): YNode {
    let token = this.peek();
    if (token.type === T.Alias) {
      const n = this.node('alias', token.start);
      n.value = token.value!;
      this.skip();
      const target = this.anchors.get(n.value);
      if (!target)
        throw new LibyamlError(
          'parser',
          `unknown anchor '${n.value}' referenced`,
          { index: 0, line: 0, column: 0 },
          undefined,
        );
      n.target = target;
      return n;
    }
    const start = token.start;
    let anchor = '';
    let tagToken: Token | undefined;
    if (token.type === T.Anchor) {
      anchor = token.value!;
      this.skip();
      token = this.peek();
      if (token.type === T.Tag) {
        tagToken = token;
        this.skip();
        token = this.peek();
      }
    } else if (token.type === T.Tag) {
      tagToken = token;
      this.skip();
      token = this.peek();
      if (token.type === T.Anchor) {
        anchor = token.value!;
        this.skip();
        token = this.peek();
      }
    }
    let tag = '';
    if (tagToken) {
      const handle = tagToken.value!;
      if (handle === '') tag = tagToken.suffix!;
      else {
        const d = this.tagDirectives.find(([h]) => h === handle);
        if (!d) this.fail('found undefined tag handle', tagToken.start, start);
        tag = d[1] + tagToken.suffix!;
      }
    }
    const withProps = (n: YNode): YNode => {
      n.tag = tag;
      n.anchor = anchor;
      n.line = start.line;
      n.column = start.column;
      if (anchor) this.anchors.set(anchor, n);
      return n;
    };
    if (indentless && token.type === T.BlockEntry)
      return this.indentlessSequence(withProps(this.node('seq', start)));
    if (token.type === T.Scalar) {
      const n = withProps(this.node('scalar', start));
      n.value = token.value!;
      n.style = token.style!;
      n.implicit = (tag === '' && token.style === 'plain') || tag === '!';
      this.skip();
      return n;
    }
    if (token.type === T.FlowSequenceStart) return this.flowSequence(withProps(this.node('seq', start)));
    if (token.type === T.FlowMappingStart) return this.flowMapping(withProps(this.node('map', start)));
    if (block && token.type === T.BlockSequenceStart)
      return this.blockSequence(withProps(this.node('seq', start)));
    if (block && token.type === T.BlockMappingStart)
      return this.blockMapping(withProps(this.node('map', start)));
    if (anchor !== '' || tag !== '') {
      const n = withProps(this.node('scalar', start));
      n.implicit = tag === '';
      return n;
    }
    return this.fail('did not find expected node content', token.start, start);
  }

  private blockSequence(n: YNode): YNode {
    const context = this.peek().start;
    this.skip();
    for (;;) {
      let token = this.peek();
      if (token.type === T.BlockEntry) {
        const mark = token.end;
        this.skip();
        token = this.peek();
        n.children.push(
          token.type !== T.BlockEntry && token.type !== T.BlockEnd
            ? this.parseNode(true, false)
            : this.empty(mark),
        );
      } else if (token.type === T.BlockEnd) {
        this.skip();
        return n;
      } else this.fail("did not find expected '-' indicator", token.start, context);
    }
  }

  private indentlessSequence(n: YNode): YNode {
    for (;;) {
      let token = this.peek();
      if (token.type !== T.BlockEntry) return n;
      const mark = token.end;
      this.skip();
      token = this.peek();
      const t = token.type;
      n.children.push(
        t !== T.BlockEntry && t !== T.Key && t !== T.Value && t !== T.BlockEnd
          ? this.parseNode(true, false)
          : this.empty(mark),
      );
    }
  }

  private blockMapping(n: YNode): YNode {
    const context = this.peek().start;
    this.skip();
    for (;;) {
      let token = this.peek();
      if (token.type === T.Key) {
        let mark = token.end;
        this.skip();
        token = this.peek();
        const key =
          token.type !== T.Key && token.type !== T.Value && token.type !== T.BlockEnd
            ? this.parseNode(true, true)
            : this.empty(mark);
        token = this.peek();
        let value: YNode;
        if (token.type === T.Value) {
          mark = token.end;
          this.skip();
          token = this.peek();
          value =
            token.type !== T.Key && token.type !== T.Value && token.type !== T.BlockEnd
              ? this.parseNode(true, true)
              : this.empty(mark);
        } else value = this.empty(token.start);
        n.children.push(key, value);
      } else if (token.type === T.BlockEnd) {
        this.skip();
        return n;
      } else this.fail('did not find expected key', token.start, context);
    }
  }

  private flowSequence(n: YNode): YNode {
    const context = this.peek().start;
    this.skip();
    let first = true;
    for (;;) {
      let token = this.peek();
      if (token.type !== T.FlowSequenceEnd) {
        if (!first) {
          if (token.type === T.FlowEntry) {
            this.skip();
            token = this.peek();
          } else this.fail("did not find expected ',' or ']'", token.start, context);
        }
        if (token.type === T.Key) {
          const m = this.node('map', token.start);
          this.skip();
          token = this.peek();
          let key: YNode;
          if (token.type !== T.Value && token.type !== T.FlowEntry && token.type !== T.FlowSequenceEnd)
            key = this.parseNode(false, false);
          else {
            // libyaml consumes this token here (kept for identical behaviour).
            const mark = token.end;
            this.skip();
            key = this.empty(mark);
          }
          token = this.peek();
          let value: YNode;
          if (token.type === T.Value) {
            this.skip();
            token = this.peek();
            value =
              token.type !== T.FlowEntry && token.type !== T.FlowSequenceEnd
                ? this.parseNode(false, false)
                : this.empty(token.start);
          } else value = this.empty(token.start);
          m.children.push(key, value);
          n.children.push(m);
        } else if (token.type !== T.FlowSequenceEnd) n.children.push(this.parseNode(false, false));
      }
      token = this.peek();
      if (token.type === T.FlowSequenceEnd) {
        this.skip();
        return n;
      }
      first = false;
    }
  }

  private flowMapping(n: YNode): YNode {
    const context = this.peek().start;
    this.skip();
    let first = true;
    for (;;) {
      let token = this.peek();
      if (token.type !== T.FlowMappingEnd) {
        if (!first) {
          if (token.type === T.FlowEntry) {
            this.skip();
            token = this.peek();
          } else this.fail("did not find expected ',' or '}'", token.start, context);
        }
        if (token.type === T.Key) {
          this.skip();
          token = this.peek();
          const key =
            token.type !== T.Value && token.type !== T.FlowEntry && token.type !== T.FlowMappingEnd
              ? this.parseNode(false, false)
              : this.empty(token.start);
          token = this.peek();
          let value: YNode;
          if (token.type === T.Value) {
            this.skip();
            token = this.peek();
            value =
              token.type !== T.FlowEntry && token.type !== T.FlowMappingEnd
                ? this.parseNode(false, false)
                : this.empty(token.start);
          } else value = this.empty(token.start);
          n.children.push(key, value);
        } else if (token.type !== T.FlowMappingEnd) {
          const key = this.parseNode(false, false);
          n.children.push(key, this.empty(this.peek().start));
        }
      }
      token = this.peek();
      if (token.type === T.FlowMappingEnd) {
        this.skip();
        return n;
      }
      first = false;
    }
  }
}
