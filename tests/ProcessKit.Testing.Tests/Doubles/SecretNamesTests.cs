namespace ProcessKit.Testing.Tests.Doubles;

public sealed class SecretNamesTests
{
    [Theory]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("PGPASSWORD")]
    [InlineData("MYSQL_PASSWD")]
    [InlineData("apiKey")]
    [InlineData("NPM_AUTH")]
    [InlineData("OAUTH_CLIENT")]
    [InlineData("HTTP_AUTHORIZATION")]
    [InlineData("GOOGLE_APPLICATION_CREDENTIALS")]
    [InlineData("COOKIE_JAR")]
    [InlineData("XDG_SESSION_ID")]
    [InlineData("SSH_PRIVATE")]
    [InlineData("DB_PASS")]
    [InlineData("smtpPass")]
    [InlineData("gpg-passphrase")]
    public void Names_that_look_secret(string name) => Assert.True(SecretNames.LooksSecret(name), name);

    [Theory]
    [InlineData("PATH")]
    [InlineData("HOME")]
    [InlineData("PWD")]
    [InlineData("LANG")]
    [InlineData("GIT_AUTHOR_NAME")]
    [InlineData("GIT_AUTHOR_EMAIL")]
    [InlineData("PASSENGER_ENV")]
    [InlineData("DOTNET_ROOT")]
    [InlineData("")]
    public void Names_that_do_not(string name) => Assert.False(SecretNames.LooksSecret(name), name);

    [Fact]
    public void A_null_name_is_refused() => Assert.Throws<ArgumentNullException>(() => SecretNames.LooksSecret(null!));
}
