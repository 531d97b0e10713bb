using System.Net;
using System.Net.Mail;

public class Notifier
{
    public void Notify(MailMessage mail)
    {
        using (var client = new SmtpClient("smtp.gmail.com", 465))
        {
            client.EnableSsl = true;
            client.Credentials = new NetworkCredential("alerts@example.com", "app-password");
            client.Send(mail);
        }
    }
}
