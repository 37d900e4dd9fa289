namespace ProcessKit;

/// <summary>The shape by which a secret was recognised, to say where a check found one without showing it.</summary>
internal enum SecretShape
{
    /// <summary>A match of a pattern the user added.</summary>
    UserPattern,

    /// <summary>A credential header: <c>Authorization</c>, <c>Proxy-Authorization</c>, <c>X-Api-Key</c>, <c>Cookie</c>.</summary>
    Header,

    /// <summary>A JSON string whose key looks secret: <c>"password": "X"</c>.</summary>
    JsonPair,

    /// <summary>The password of a URL: <c>https://user:X@host</c>.</summary>
    UrlPassword,

    /// <summary>A <c>key=value</c> or <c>key: value</c> pair whose key looks secret.</summary>
    Pair,
}
