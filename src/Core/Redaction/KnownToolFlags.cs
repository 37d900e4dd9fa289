namespace ProcessKit;

/// <summary>
/// The short flags by which well-known tools take a password, which no name rule can see:
/// <c>mysql -pX</c> (and the other MySQL and MariaDB clients; a bare <c>-p</c> prompts),
/// <c>redis-cli -a X</c>, <c>curl -u user:X</c> (also <c>-U</c>, <c>--user</c>,
/// <c>--proxy-user</c>: the part after the first colon), <c>sshpass -p X</c> or <c>-pX</c>;
/// and Redis's password settings, which no name rule sees either: <c>redis-server --requirepass X</c>
/// (and <c>--masterauth X</c>), <c>redis-cli CONFIG SET requirepass X</c>, and the ACL password
/// rule <c>&gt;X</c> of <c>redis-server --user NAME on &gt;X</c> and <c>redis-cli ACL SETUSER NAME on &gt;X</c>.
/// A bare <c>-p X</c> of any other tool stays: for many it is a port.
/// </summary>
internal static class KnownToolFlags
{
    private enum Tool
    {
        None,
        MySql,
        RedisCli,
        RedisServer,
        Curl,
        SshPass,
    }

    private static readonly Dictionary<string, Tool> Tools = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mysql"] = Tool.MySql,
        ["mysqldump"] = Tool.MySql,
        ["mysqladmin"] = Tool.MySql,
        ["mysqlimport"] = Tool.MySql,
        ["mysqlcheck"] = Tool.MySql,
        ["mysqlshow"] = Tool.MySql,
        ["mysqlslap"] = Tool.MySql,
        ["mysqlpump"] = Tool.MySql,
        ["mysqlbinlog"] = Tool.MySql,
        ["mariadb"] = Tool.MySql,
        ["mariadb-dump"] = Tool.MySql,
        ["mariadb-admin"] = Tool.MySql,
        ["redis-cli"] = Tool.RedisCli,
        ["valkey-cli"] = Tool.RedisCli,
        ["redis-server"] = Tool.RedisServer,
        ["valkey-server"] = Tool.RedisServer,
        ["curl"] = Tool.Curl,
        ["sshpass"] = Tool.SshPass,
    };

    /// <summary>Reads a command line for one tool's password flags; a later argument naming another known tool (<c>sudo mysql ...</c>) switches to it.</summary>
    internal struct Reader
    {
        private Tool _tool;
        private bool _nextIsValue;
        private bool _aclRules;

        /// <summary>Starts reading the arguments of <paramref name="program"/>.</summary>
        internal Reader(string program)
        {
            _tool = ToolOf(program);
            _aclRules = _tool == Tool.RedisServer;
        }

        /// <summary>
        /// The secret part of <paramref name="argument"/> as (start, length), or null. Call once
        /// per argument, in order.
        /// </summary>
        internal (int Start, int Length)? Read(string argument)
        {
            if (_nextIsValue)
            {
                _nextIsValue = false;
                return _tool == Tool.Curl ? AfterColon(argument, 0) : (0, argument.Length);
            }

            if (ToolOf(argument) is var named and not Tool.None)
            {
                _tool = named;
                _aclRules = named == Tool.RedisServer;
                return null;
            }

            switch (_tool)
            {
                case Tool.MySql when argument.Length > 2 && argument.StartsWith("-p", StringComparison.Ordinal):
                    return (2, argument.Length - 2);
                case Tool.SshPass when argument.StartsWith("-p", StringComparison.Ordinal):
                    return Flag(argument, 2);
                case Tool.RedisCli when argument == "-a":
                case Tool.RedisCli or Tool.RedisServer when IsRedisPasswordSetting(argument):
                    _nextIsValue = true;
                    return null;
                case Tool.RedisCli when argument.Equals("SETUSER", StringComparison.OrdinalIgnoreCase):
                    _aclRules = true;
                    return null;
                case Tool.RedisCli or Tool.RedisServer when _aclRules && argument.Length > 1 && argument[0] == '>':
                    return (1, argument.Length - 1);
                case Tool.Curl when argument is "-u" or "-U" or "--user" or "--proxy-user":
                    _nextIsValue = true;
                    return null;
                case Tool.Curl when argument.Length > 2 && (argument.StartsWith("-u", StringComparison.Ordinal) || argument.StartsWith("-U", StringComparison.Ordinal)):
                    return AfterColon(argument, 2);
                case Tool.Curl when argument.StartsWith("--user=", StringComparison.Ordinal) || argument.StartsWith("--proxy-user=", StringComparison.Ordinal):
                    return AfterColon(argument, argument.IndexOf('=', StringComparison.Ordinal) + 1);
                default:
                    return null;
            }
        }

        private (int Start, int Length)? Flag(string argument, int prefix)
        {
            if (argument.Length == prefix)
            {
                _nextIsValue = true;
                return null;
            }

            return (prefix, argument.Length - prefix);
        }

        private static bool IsRedisPasswordSetting(string argument) =>
            argument.TrimStart('-') is var name && (name.Equals("requirepass", StringComparison.OrdinalIgnoreCase) || name.Equals("masterauth", StringComparison.OrdinalIgnoreCase));

        private static (int Start, int Length)? AfterColon(string argument, int from)
        {
            var colon = argument.IndexOf(':', from);
            return colon < 0 || colon == argument.Length - 1 ? null : (colon + 1, argument.Length - colon - 1);
        }

        private static Tool ToolOf(string argument)
        {
            var name = argument.AsSpan(argument.AsSpan().LastIndexOfAny('/', '\\') + 1);
            if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^4];
            }

            return name.Length > 0 && Tools.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var tool) ? tool : Tool.None;
        }
    }
}
