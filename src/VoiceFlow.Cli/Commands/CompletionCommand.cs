using System.CommandLine;
using System.Text;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>voiceflow completion bash|zsh|fish</c>: a completion script for the shell, generated from the command tree itself
/// (so it never falls behind a new command or flag). Commands and subcommands complete after <c>voiceflow</c>, flags after
/// '-', each flag's fixed choices after it, and file names elsewhere.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script: source <(voiceflow completion bash), or for fish: voiceflow completion fish | source.");
        command.Arguments.Add(shell);
        command.SetAction(parse =>
        {
            var root = CliApplication.BuildRoot();
            string script = parse.GetValue(shell) switch
            {
                "fish" => Fish(root),
                "zsh" => "#compdef voiceflow\nautoload -U +X bashcompinit && bashcompinit\n" + Bash(root),
                _ => Bash(root),
            };
            parse.InvocationConfiguration.Output.Write(script);
            return 0;
        });
        return command;
    }

    /// <summary>Every command with its path ("" for the root, "models download"...).</summary>
    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var inner in Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}"))
            {
                yield return inner;
            }
        }
    }

    /// <summary>A command's flags, its own and the recursive ones of its parents, each with its fixed choices.</summary>
    private static IEnumerable<(string Name, string[] Choices, bool TakesValue, string Description)> FlagsOf(Command command, RootCommand root, string path)
    {
        var options = command.Options.ToList();
        var parent = (Command)root;
        foreach (string name in path.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            options.AddRange(parent.Options.Where(o => o.Recursive && !options.Contains(o)));
            parent = parent.Subcommands.First(c => c.Name == name);
        }

        foreach (var option in options.Where(o => !o.Hidden))
        {
            string[] choices = [.. option.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label)];
            bool takesValue = option.ValueType != typeof(bool);
            foreach (string alias in new[] { option.Name }.Concat(option.Aliases))
            {
                yield return (alias, choices, takesValue, option.Description ?? "");
            }
        }
    }

    private static string Bash(RootCommand root)
    {
        var script = new StringBuilder();
        script.Append("# voiceflow completion for bash: source <(voiceflow completion bash)\n");
        script.Append("_voiceflow() {\n");
        script.Append("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path='' word i\n");
        script.Append("    for ((i = 1; i < COMP_CWORD; i++)); do\n");
        script.Append("        word=${COMP_WORDS[i]}\n");
        script.Append("        case \"$path|$word\" in\n");
        foreach (var (path, command) in Walk(root, ""))
        {
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            {
                script.Append($"            '{path}|{sub.Name}') path='{(path.Length == 0 ? sub.Name : $"{path} {sub.Name}")}' ;;\n");
            }
        }

        script.Append("        esac\n    done\n");
        script.Append("    case \"$path|$prev\" in\n");
        foreach (var (path, command) in Walk(root, ""))
        {
            foreach (var flag in FlagsOf(command, root, path).Where(f => f.TakesValue))
            {
                string action = flag.Choices.Length > 0
                    ? $"COMPREPLY=($(compgen -W '{string.Join(' ', flag.Choices)}' -- \"$cur\"))"
                    : "COMPREPLY=($(compgen -f -- \"$cur\"))";
                script.Append($"        '{path}|{flag.Name}') {action}; return ;;\n");
            }
        }

        script.Append("    esac\n");
        script.Append("    local words\n    case \"$path\" in\n");
        foreach (var (path, command) in Walk(root, ""))
        {
            var words = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
                .Concat(FlagsOf(command, root, path).Select(f => f.Name)).Distinct();
            script.Append($"        '{path}') words='{string.Join(' ', words)}' ;;\n");
        }

        script.Append("    esac\n");
        script.Append("    if [[ $cur == -* ]]; then\n        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n    else\n");
        script.Append("        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\" | grep -v '^-') $(compgen -f -- \"$cur\"))\n    fi\n");
        script.Append("    return 0\n}\ncomplete -o filenames -F _voiceflow voiceflow\n");
        return script.ToString();
    }

    private static string Fish(RootCommand root)
    {
        var script = new StringBuilder();
        script.Append("# voiceflow completion for fish: voiceflow completion fish | source\n");
        script.Append("complete -c voiceflow -f\n");
        foreach (var (path, command) in Walk(root, ""))
        {
            string[] parts = path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // The condition: exactly this command path has been typed (fish's helpers test the words seen so far).
            string condition = parts.Length == 0
                ? "__fish_use_subcommand"
                : $"__fish_seen_subcommand_from {parts[^1]}" + (parts.Length > 1 ? $"; and __fish_seen_subcommand_from {parts[^2]}" : "");
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            {
                string notDeeper = command.Subcommands.Count > 0 && parts.Length > 0
                    ? $"; and not __fish_seen_subcommand_from {string.Join(' ', command.Subcommands.Select(c => c.Name))}"
                    : "";
                script.Append($"complete -c voiceflow -n '{condition}{notDeeper}' -a {sub.Name} -d {Quote(sub.Description)}\n");
            }

            foreach (var option in FlagsOf(command, root, path))
            {
                string flag = option.Name.StartsWith("--", StringComparison.Ordinal) ? $"-l {option.Name[2..]}" : $"-s {option.Name.TrimStart('-')}";
                string values = option.Choices.Length > 0 ? $" -x -a {Quote(string.Join(' ', option.Choices))}" : option.TakesValue ? " -r -F" : "";
                script.Append($"complete -c voiceflow -n '{condition}' {flag}{values} -d {Quote(option.Description)}\n");
            }

            if (command.Arguments.Count > 0)
            {
                script.Append($"complete -c voiceflow -n '{condition}' -F\n");
            }
        }

        return script.ToString();
    }

    private static string Quote(string? text)
    {
        string first = (text ?? "").Split('\n')[0];
        return "'" + first.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}
