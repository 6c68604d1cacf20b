// Package refs parses and evaluates references: JSONPath expressions that
// read the run document {inputs, steps, item, index} from a playbook's
// string values.
//
// # References in a string
//
// A string whose whole text, without surrounding spaces, is a path is a
// whole-value reference. The path starts with $ followed by . or [, or is
// $ alone. The value keeps the type of what the path selects: a list stays
// a list and a number stays a number.
//
//	bucket_names: $.steps.empty.items[?(@.status == "Succeeded")].item
//
// A reference may end in " ?? " and a JSON default: "none", 0, true, null,
// [] or {}. The default replaces a path that matches nothing or selects
// null. ?? null makes a reference optional. The split is at the last " ??"
// outside strings and brackets, and the ?? needs a space before it.
//
//	prefix: $.inputs.prefix ?? ""
//
// Inside a longer string, a reference is written in double braces, also
// with an optional default. A string that is one {{ }} and nothing else but
// spaces keeps the type, like a whole-value reference.
//
//	key: reports/{{ $.inputs.date }}/{{ $.item ?? "all" }}.csv
//
// An interpolated reference renders as follows. Strings are inserted as
// they are. Numbers use plain decimal notation, never an exponent, so 1e3
// renders as 1000 and 5368709120 as 5368709120. Booleans render as true or
// false, and lists and maps as compact JSON. Null is an error, because an
// empty string would hide a missing value, except in a reference with a
// default: `{{ $.x ?? null }}` renders null as "".
//
// Escapes: a backslash before a string that would otherwise be a
// whole-value reference makes it literal text, so `\$.foo` is the text
// `$.foo`. `\{{` is a literal `{{` anywhere. No other backslash is removed:
// `\$5` and `C:\temp` stay as written.
//
// Text with $ that is not a reference stays literal: IAM policy variables
// such as ${aws:username} and ${s3:prefix}, $5, "costs $", and a }} that
// closes nothing. Inside {{ }}, the reference must start with $.
//
// # Path dialect
//
// Paths are compiled by github.com/PaesslerAG/jsonpath v0.1.1 inside the
// full language of github.com/PaesslerAG/gval v1.2.4, which adds these
// rules to Goessner's JSONPath:
//
//   - Selectors: .name, ["name"] or ['name'], [0], .* or [*], ..name,
//     [start:end:step], unions such as [0,2] or ["a","b"], and filters
//     [?(...)]. A name after a dot has letters, digits and _ and does not
//     start with a digit. Other keys go in brackets: $.Metadata['my.key'].
//   - A single negative index such as [-1] is not supported. The slice
//     [-1:] selects the last item as a one-item list.
//   - Strings use double or single quotes with Go's escapes. Inside single
//     quotes, \' is a quote.
//   - Filters have ==, !=, <, <=, >, >=, && (and), || (or), ! (not), =~
//     (Go regular expression match), in [list], arithmetic, and null. @ is
//     the current item and $ is the root of the run document, so
//     [?(@.Size > $.inputs.min_size)] works.
//   - Numbers from JSON are float64, and comparisons are exact for
//     integers up to 2^53, so @.Size > 4294967296 works.
//   - Comparisons are loose. A string that parses as a number equals that
//     number (@.Size == "1024" matches 1024), "true" equals true, and
//     values of other mixed types compare as text.
//   - Truthiness: [?(@.IsLatest)] keeps items where the value is true, a
//     non-zero number or the string "true". It drops false, 0, null and
//     "false". ! inverts the same values.
//   - A filter that fails for an item skips the item. The item has a
//     missing field, or a value such as the string "yes" that is neither
//     true nor false. So [?(@.Owner != "me")] also skips items that have
//     no Owner.
//
// # Results
//
// A definite path has no wildcard, filter, slice, union or recursive
// descent. It returns the value it selects. It returns ErrNoMatch when a key
// is missing, an index is out of range, or a value on the way is not a map
// or list. Any other path returns a list, empty when nothing matches. The
// definite part before its first indefinite selector must exist, or the
// result is ErrNoMatch. A null there gives an empty list.
//
// Results follow the document's order: list items by index, map entries by
// key, and a value before the values inside it. A union that is the only
// indefinite selector keeps the order written. In a path that also has a
// wildcard, filter or descent, its matches come in document order, each
// once. Maps and lists in results are copies, so callers may change them.
package refs
