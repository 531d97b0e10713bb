using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

public class MailWorker
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("smtp.gmail.com", 465, SecureSocketOptions.Auto, cancellationToken);
        await smtp.AuthenticateAsync(_user, _password, cancellationToken);

        using var imap = new ImapClient();
        await imap.ConnectAsync("outlook.office365.com", 993, true, cancellationToken);
        await imap.ConnectAsync("outlook.office365.com", 143, SecureSocketOptions.StartTls, cancellationToken);

        using var legacy = new System.Net.Mail.SmtpClient("smtp.office365.com", 587) { EnableSsl = true };
    }
}
