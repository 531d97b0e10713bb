using MailKit.Net.Smtp;
using MimeKit;

namespace Shop.Infrastructure.Email;

public sealed class SmtpEmailSender : IEmailSender
{
    private readonly SmtpOptions _options;

    public async Task SendEmailAsync(string to, string subject, string html)
    {
        var message = new MimeMessage();
        message.To.Add(MailboxAddress.Parse(to));
        using var client = new SmtpClient();
        await client.ConnectAsync("smtp-mail.outlook.com", 587, true);
        await client.AuthenticateAsync(_options.User, _options.Password);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }
}
